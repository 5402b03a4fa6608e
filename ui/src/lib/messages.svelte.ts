// The line under a screen's heading that says what just happened: "Saved." or the problem in
// plain words. Every screen that runs actions from buttons keeps one of these, so each action
// clears the old line, runs, and shows either its confirmation or its error the same way.
import { toProblem } from "./api";

export type Message = { kind: "ok" | "error"; text: string; undo?: () => void };

export class Messages {
  current = $state<Message | null>(null);

  ok(text: string) {
    this.current = { kind: "ok", text };
  }

  /** Good news with an "Undo" button beside it (after putting something in the bin). */
  okWithUndo(text: string, undo: () => void) {
    this.current = { kind: "ok", text, undo };
  }

  error(text: string) {
    this.current = { kind: "error", text };
  }

  /** Shows any failure as its plain message (raw error text never reaches the screen). */
  fail(error: unknown) {
    this.current = { kind: "error", text: toProblem(error).message };
  }

  clear() {
    this.current = null;
  }

  /** Runs one action: clears the last message first, and shows a failure if it throws. */
  async attempt(work: () => Promise<void>) {
    this.clear();
    try {
      await work();
    } catch (error) {
      this.fail(error);
    }
  }
}
