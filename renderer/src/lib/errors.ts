import type { AppError } from '../../../shared/errors.js';

/** One field the input check refused, with what it said. */
export interface FieldProblem {
  /** Dotted path in the operation's input (`name`, `output.path`, `sans.0`). */
  field: string;
  text: string;
}

const INVALID_INPUT = /^Invalid input for [\w.]+: /;

/**
 * The fields a VALIDATION_FAILED error names. The contract writes the message as
 * `Invalid input for OP: field.path: text; other.path: text`; any other error names none.
 */
export function fieldProblems(error: AppError | undefined): FieldProblem[] {
  if (!error || error.code !== 'VALIDATION_FAILED' || !INVALID_INPUT.test(error.message)) return [];
  return error.message
    .replace(INVALID_INPUT, '')
    .split('; ')
    .map((part) => {
      const colon = part.indexOf(': ');
      return colon < 0 ? { field: 'input', text: part } : { field: part.slice(0, colon), text: part.slice(colon + 2) };
    });
}

/** What the input check said about one field (for the note under it), if anything. */
export function fieldProblem(error: AppError | undefined, field: string): string | undefined {
  return fieldProblems(error).find((p) => p.field === field || p.field.startsWith(`${field}.`))?.text;
}

/** Labels of fields many forms share, used when a form gives none of its own. */
const COMMON_LABELS: Readonly<Record<string, string>> = {
  path: 'Keystore file',
  storePassword: 'Store password',
  newStorePassword: 'New store password',
  keyPassword: 'Key password',
  alias: 'Alias',
  newAlias: 'New alias',
  pfxPath: '.pfx file',
  pfxPassword: '.pfx password',
  outPath: 'Save as',
  cn: 'Common name',
  sans: 'Subject alternative names',
  days: 'Valid for (days)',
};

/** "output.keyPath" → "Key path", for a field that has no label given. */
function fieldWords(path: string): string {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  const common = COMMON_LABELS[last];
  if (common) return common;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A sentence starting with a capital and ending with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The error as the window shows it: an input-check failure becomes "Name: …" per field (with the
 * form's own labels), and hints written for the command line become what to do in the window.
 * Branches on the code only; the core's message is kept as it is otherwise.
 */
export function errorForPerson(error: AppError, labels: Readonly<Record<string, string>> = {}): AppError {
  switch (error.code) {
    case 'VALIDATION_FAILED': {
      const problems = fieldProblems(error);
      if (!problems.length) return error;
      const message = problems.map((p) => `${labels[p.field] ?? fieldWords(p.field)}: ${sentence(p.text)}`).join(' ');
      return { code: error.code, message, hint: 'Correct the marked field and try again.' };
    }
    case 'FILE_EXISTS':
      return { ...error, hint: 'Choose another name, or choose to replace it; the old file is kept as a backup.' };
    case 'ALIAS_EXISTS':
      return { ...error, hint: 'Choose another alias, or choose to replace the entry; the keystore is backed up first.' };
    case 'SECRET_MISSING':
      return { ...error, hint: 'Enter it again with Rotate, or delete the credential.' };
    default:
      return error;
  }
}
