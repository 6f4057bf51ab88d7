/** Download buttons for a report in XLSX, PDF and CSV, with a line saying what arrived. */
import { useState } from 'preact/hooks';
import { errorText } from '../src/errors.js';
import { pick, type Lang } from '../src/i18n.js';
import { download } from './api.js';
import { at, type AdminKey } from './i18n.js';

export type ExportFormat = 'xlsx' | 'pdf' | 'csv';

const LABELS: Record<ExportFormat, AdminKey> = {
  xlsx: 'downloadXlsx',
  pdf: 'downloadPdf',
  csv: 'downloadCsv',
};

export function ExportButtons(props: {
  lang: Lang;
  label: string;
  path: (format: ExportFormat) => string;
  formats?: readonly ExportFormat[];
}) {
  const [notice, setNotice] = useState<string | null>(null);
  async function run(format: ExportFormat) {
    try {
      setNotice(at(props.lang, 'downloaded', { name: await download(props.path(format)) }));
    } catch (e) {
      setNotice(pick(props.lang, errorText(e)));
    }
  }
  return (
    <div class="exports">
      <div class="actions">
        <span class="muted small">{props.label}:</span>
        {(props.formats ?? ['xlsx', 'pdf', 'csv']).map((f) => (
          <button key={f} type="button" class="btn" onClick={() => void run(f)}>
            {at(props.lang, LABELS[f])}
          </button>
        ))}
      </div>
      {notice && (
        <p class="note small" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}
