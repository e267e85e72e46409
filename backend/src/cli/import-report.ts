import { OnlineRetailImportReport } from '../purchases/import/online-retail.importer';

const n = (v: number) => v.toLocaleString('en-US');

/** The closing report of an import as lines of text. */
export function formatImportReport(r: OnlineRetailImportReport): string[] {
  return [
    `Import of ${r.file} finished in ${r.seconds.toFixed(2)} s`,
    `  lines read            ${n(r.linesRead)}`,
    `  clean lines           ${n(r.cleanLines)}`,
    `  rejected: no customer ${n(r.rejected.missingCustomerId)}`,
    `  rejected: quantity<=0 ${n(r.rejected.nonPositiveQuantity)}`,
    `  rejected: price<=0    ${n(r.rejected.nonPositiveUnitPrice)}`,
    `  rejected: malformed   ${n(r.rejected.malformed)}`,
    `  customers created     ${n(r.customers.created)} (already present ${n(r.customers.alreadyPresent)})`,
    `  orders created        ${n(r.orders.created)} (already present ${n(r.orders.alreadyPresent)})`,
    `  last invoice          ${r.lastInvoiceAt ?? '-'}`,
  ];
}
