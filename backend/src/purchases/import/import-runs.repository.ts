/** A completed import of a file, kept so that a restart does not import it again. */
export interface ImportRun {
  /** Stable identity of the source, e.g. `online-retail:online_retail.csv.gz:6780523`. */
  readonly source: string;
  readonly completedAt: string;
  readonly report: Record<string, unknown>;
}

/** Port: the record of completed imports. */
export abstract class ImportRunsRepository {
  abstract get(source: string): Promise<ImportRun | undefined>;
  abstract put(run: ImportRun): Promise<void>;
}
