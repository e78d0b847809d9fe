import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const from = (xff?: string) => clientAddress(new Headers(xff === undefined ? {} : { "x-forwarded-for": xff }));

describe("clientAddress", () => {
  it("reads the address the server wrote into X-Forwarded-For", () => {
    expect(from("203.0.113.7")).toBe("203.0.113.7");
    expect(from(" 2001:DB8::1 ")).toBe("2001:db8::1");
    expect(from("::ffff:127.0.0.1")).toBe("127.0.0.1");
  });

  it("takes the hop nearest this server when there are several", () => {
    expect(from("6.6.6.6, 10.0.0.2")).toBe("10.0.0.2");
  });

  it("answers unknown for nothing, or for anything that is not an address", () => {
    expect(from()).toBe("unknown");
    expect(from("")).toBe("unknown");
    expect(from("1.2.3.4, not an address")).toBe("unknown");
    expect(from("a".repeat(100))).toBe("unknown");
  });
});
