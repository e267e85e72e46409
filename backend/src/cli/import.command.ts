import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { OnlineRetailImporter } from '../purchases/import/online-retail.importer';
import { consoleOutput } from './console-output';
import { formatImportReport } from './import-report';
import { importProgressBar } from './progress-bar';

/** `import online-retail <file>`: imports a .csv, .csv.gz or .xlsx Online Retail file. */
@SubCommand({
  name: 'online-retail',
  arguments: '<file>',
  description: 'Import UCI Online Retail transactions (.csv, .csv.gz or .xlsx); safe to re-run',
})
export class ImportOnlineRetailCommand extends CommandRunner {
  constructor(private readonly importer: OnlineRetailImporter) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
    if (!existsSync(path)) {
      consoleOutput.error(`file not found: ${path}`);
      process.exitCode = 2;
      return;
    }
    const report = await this.importer.import(path, importProgressBar());
    formatImportReport(report).forEach((line) => consoleOutput.line(line));
  }
}

@Command({ name: 'import', description: 'Import data into the store', subCommands: [ImportOnlineRetailCommand] })
export class ImportCommand extends CommandRunner {
  async run(): Promise<void> {
    consoleOutput.error('usage: import online-retail <file>');
    process.exitCode = 2;
  }
}
