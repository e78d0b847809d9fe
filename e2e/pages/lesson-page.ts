import { expect, type Locator, type Page } from "@playwright/test";

import { EditorHost } from "./code-editor";

/** One lesson page, and the exercises in it. */
export class LessonPage {
  constructor(readonly page: Page) {}

  async open(slug: string): Promise<void> {
    await this.page.goto(`/lessons/${slug}`);
  }

  exercise(id: string): ExercisePanel {
    return new ExercisePanel(this.page, this.page.locator(`[data-exercise-id="${id}"]`));
  }

  /** The n-th runnable example of the lesson (0-based). */
  example(index: number): ExamplePanel {
    return new ExamplePanel(this.page, this.page.locator("[data-example-id]").nth(index));
  }

  /** "Exercises · x of N solved" at the top of the lesson. */
  get solvedCount(): Locator {
    return this.page.getByTestId("solved-count");
  }
}

/** A lesson's runnable example: read-only until Edit, then a small editor. */
class ExamplePanel extends EditorHost {
  get output(): Locator {
    return this.root.getByTestId("example-output");
  }

  async edit(): Promise<void> {
    await this.root.getByRole("button", { name: "Edit", exact: true }).click();
  }

  async run(): Promise<void> {
    await this.root.getByRole("button", { name: "Run this" }).click();
  }
}

class ExercisePanel extends EditorHost {
  get result(): Locator {
    return this.root.getByTestId("result");
  }

  get attempts(): Locator {
    return this.root.getByTestId("attempts");
  }

  get runButton(): Locator {
    return this.root.getByRole("button", { name: /^(▶ )?Run$|Running/ });
  }

  get formatButton(): Locator {
    return this.root.getByRole("button", { name: "Format", exact: true });
  }

  get formatMessage(): Locator {
    return this.root.getByTestId("format-message");
  }

  get nextStep(): Locator {
    return this.root.getByTestId("next-step");
  }

  /** The open suggestion list of this exercise's Monaco editor. */
  get suggestions(): Locator {
    return this.root.locator(".suggest-widget.visible .monaco-list-row");
  }

  get draftStatus(): Locator {
    return this.root.getByTestId("draft-status");
  }

  async run(): Promise<void> {
    await this.root.getByRole("button", { name: "Run", exact: true }).click();
  }

  /** Until the autosave has stored the code written (a draft save is a POST like a run). */
  async draftSaved(): Promise<void> {
    await expect(this.draftStatus).toHaveAttribute("data-state", "saved");
  }

  /** Writes, runs and waits for the given verdict. */
  async submit(code: string, status: string): Promise<void> {
    await this.write(code);
    const before = await this.attempts.textContent();
    await this.run();
    await this.expectStatus(status);
    if (status !== "unavailable" && status !== "busy") await expect(this.attempts).not.toHaveText(before ?? "");
  }

  async expectStatus(status: string): Promise<void> {
    await expect(this.result).toHaveAttribute("data-status", status);
    await expect(this.result).not.toHaveAttribute("data-pending", "true");
  }
}
