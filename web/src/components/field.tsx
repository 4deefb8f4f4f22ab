import type { JSX } from 'preact';

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>;

/** A labelled input with its error next to it (GOV.UK pattern: the error is part of the field's description). */
export function Field(
  props: { label: string; name: string; error?: string | undefined; hint?: string } & InputProps,
) {
  const { label, name, error, hint, ...input } = props;
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
    </div>
  );
}

/** The list of a form's problems at its top, each linking to its field. */
export function ErrorSummary({
  problems,
  labels,
}: {
  problems: Record<string, string>;
  labels: Record<string, string>;
}) {
  const entries = Object.entries(problems);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>There is a problem</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#field-${name}`}>
              {labels[name] ?? name}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
