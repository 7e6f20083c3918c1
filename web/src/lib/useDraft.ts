// A filter form's draft, kept in step with the URL it was read from.
//
// The draft is re-read from the URL only when the URL's filters change after
// the page has mounted (back button, a link, the form's own submit). Re-reading
// it in a plain effect on mount as well raced the user: an effect runs after
// paint, so text typed into the box before it ran was wiped and the form
// submitted the empty draft (seen as a flaky e2e test that searched for nothing).
import { useEffect, useRef, useState } from "preact/hooks";

export function useDraft<T>(fromUrl: () => T, key: string): [T, (next: T | ((prev: T) => T)) => void] {
  const [draft, setDraft] = useState<T>(fromUrl);
  const seen = useRef(key);
  useEffect(() => {
    if (seen.current === key) return;
    seen.current = key;
    setDraft(fromUrl());
  }, [key]);
  return [draft, setDraft];
}
