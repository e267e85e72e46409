/** Receives the progress of a long job in phases (a progress bar in the CLI, a recorder in tests). */
export interface ProgressListener<Phase extends string> {
  /** A new phase with `total` units (bytes, items, customers: the phase says). */
  phase(name: Phase, total: number): void;
  update(done: number): void;
  end(): void;
}
