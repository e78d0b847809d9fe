import { describe, expect, it } from "vitest";
import { MAX_SOURCE_BYTES } from "@/lib/sandbox/limits";
import { SERVER_ACTION_BODY_LIMIT, checkActionRequest } from "./action-request";

function post(body: BodyInit, headers: Record<string, string> = { "content-type": "text/plain;charset=UTF-8" }): Request {
  return new Request("http://127.0.0.1/lessons/x", { method: "POST", body, headers: { "next-action": "40ab", ...headers } });
}

describe("checkActionRequest", () => {
  it("lets an encoded argument list through, also the largest legitimate draft", async () => {
    expect(await checkActionRequest(post(JSON.stringify(["hello-world", 0])))).toBeNull();
    const draft = JSON.stringify(["hello-world", '"'.repeat(MAX_SOURCE_BYTES)]);
    expect(draft.length).toBeLessThan(SERVER_ACTION_BODY_LIMIT);
    expect(await checkActionRequest(post(draft))).toBeNull();
  });

  it("lets a well-formed multipart form through", async () => {
    const form = new FormData();
    form.set("1_username", "someone");
    expect(await checkActionRequest(post(form, {}))).toBeNull();
  });

  it("refuses a body that is not an argument list with 400", async () => {
    for (const body of ["not json", "{}", '"a string"', ""]) expect(await checkActionRequest(post(body)), body).toMatchObject({ status: 400 });
    const broken = post("--x\r\nnot a part", { "content-type": "multipart/form-data; boundary=y" });
    expect(await checkActionRequest(broken)).toMatchObject({ status: 400 });
  });

  it("refuses an oversized body with 413, by its declared length or its real one", async () => {
    const big = JSON.stringify(["x", "y".repeat(SERVER_ACTION_BODY_LIMIT)]);
    expect(await checkActionRequest(post(big))).toMatchObject({ status: 413 });
    expect(await checkActionRequest(post("[]", { "content-type": "text/plain", "content-length": String(SERVER_ACTION_BODY_LIMIT + 1) }))).toMatchObject({ status: 413 });
  });

  it("refuses other content types with 415", async () => {
    expect(await checkActionRequest(post("[]", { "content-type": "application/json" }))).toMatchObject({ status: 415 });
  });
});
