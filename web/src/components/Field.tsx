// A labelled form control with its error beside it (the API's field error
// lands on the control it names: aria-invalid and aria-describedby).
import type { ComponentChildren } from "preact";

interface FieldProps {
  id: string;
  label: string;
  error?: string | null;
  hint?: string;
  children: (props: { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string }) => ComponentChildren;
}

export function Field({ id, label, error, hint, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      {children({
        id,
        ...(error ? { "aria-invalid": "true" as const } : {}),
        ...(described ? { "aria-describedby": described } : {}),
      })}
      {hint && <small id={`${id}-hint`} class="hint">{hint}</small>}
      {error && <small id={`${id}-error`} class="field-error" role="alert">{error}</small>}
    </div>
  );
}
