// The family tree's layout for the board's people and lines: ELK runs asynchronously (and loads on
// first use), so the last finished layout is kept while a newer one is worked out.
import { useEffect, useState } from 'react';
import type { Person, Relationship } from '../../../shared/board.ts';
import { layoutGenogram, type GenogramLayout } from '../../../shared/familyMap/genogramLayout.ts';

/** The layout of the tree, or null until the first one is ready. */
export function useGenogram(people: readonly Person[], relationships: readonly Relationship[], youngPersonName: string): GenogramLayout | null {
  const [layout, setLayout] = useState<GenogramLayout | null>(null);
  useEffect(() => {
    let current = true;
    layoutGenogram({ people, relationships, youngPersonName }).then(
      (next) => {
        if (current) setLayout(next);
      },
      // reason: a layout that fails leaves the last picture (and the table beside it) in place.
      (failure: unknown) => console.error('family tree layout failed', failure),
    );
    return () => {
      current = false;
    };
  }, [people, relationships, youngPersonName]);
  return layout;
}
