/** A step as names write it, zero-padded to two digits (more when it has more): 3 → "03". */
export function padStep(step: number): string {
  return String(step).padStart(2, '0');
}

/** A step as TraceLens shows it: 3 → "S03". */
export function stepLabel(step: number): string {
  return `S${padStep(step)}`;
}

/** A step as the tree names it: an AutoResearch round by its number ("R3"), any other step by stepLabel ("S03"). */
export function stepName(step: { readonly step: number; readonly round: { readonly round: number } | null }): string {
  return step.round ? `R${step.round.round}` : stepLabel(step.step);
}

/** A summary's kernel by where it was made: "R3" for an AutoResearch round, else "S03". */
export function kernelStepName(kernel: { readonly step: number; readonly round: number | null }): string {
  return kernel.round === null ? stepLabel(kernel.step) : `R${kernel.round}`;
}
