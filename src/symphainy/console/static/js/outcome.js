// What a finished execution's problem means to a person. A rejected approval is someone's
// answer, not a fault: it reads "rejected", as the Control Tower counts it (errors.is_rejection).

// Copies of symphainy.errors' problem types (static JS cannot import them).
const BASE = "https://symphainy.dev/problems/";
const REJECTED = `${BASE}approval-rejected`;
const STEP_FAILED = `${BASE}journey-step-failed`;

/** Whether `problem` is a rejection, or a journey step failure caused by one. */
export function isRejection(problem) {
  if (!problem || typeof problem !== "object") return false;
  return problem.type === REJECTED || (problem.type === STEP_FAILED && isRejection(problem.step_error));
}

/** The status a person reads: "rejected" for a failure that was a rejection. */
export function outcome(status, problem) {
  return status === "failed" && isRejection(problem) ? "rejected" : status;
}

/** A failed journey in plain words: its failing step and that step's own reason. */
export function journeyReason(problem) {
  if (!problem) return "";
  const inner = problem.step_error;
  const why = (inner && (inner.detail || inner.title)) || problem.detail || problem.title || "";
  return problem.step ? `step “${problem.step}”: ${why}` : why;
}
