// Sets the browser tab title for the current page.
import { useEffect } from 'react';

/** document.title = "<title> · OpenISAO" while the page is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · OpenISAO`;
  }, [title]);
}
