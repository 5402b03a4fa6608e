// A form's problems, by field: the Rust side names each field it refused (for example
// "postcode"), and the form shows each message beside its own box.
import { Problem } from "./api";

export type FieldErrors = Record<string, string>;

/** The messages for each named field; empty when the problem is not about fields. */
export function fieldErrorsOf(problem: unknown): FieldErrors {
  if (!(problem instanceof Problem)) return {};
  return Object.fromEntries(problem.report.fields.map((f) => [f.field, f.message]));
}
