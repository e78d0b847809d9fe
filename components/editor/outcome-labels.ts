// What a run's outcome is called above its output, in a lesson example's panel and the playground's.
export const OUTCOME_LABELS: Record<string, string> = {
  ok: "Output",
  compile_error: "Compile error",
  runtime_error: "Runtime error",
  timeout: "Timed out",
  memory_limit: "Memory limit reached",
  process_limit: "Process limit reached",
  output_limit: "Output limit reached",
  crashed: "The program crashed",
  busy: "The sandbox is busy",
  rejected: "Not run",
  unavailable: "The sandbox is unavailable",
};
