// A small picture for each kind of wish, beside its words (never instead of them), so a young child
// or someone who reads little can find "Family" or "My future" at a glance. Drawn in the text's
// colour, hidden from screen readers (the heading says it in words).
import type { ReactNode } from 'react';
import type { Category } from '../../shared/board.ts';

const PICTURES: Readonly<Record<Category, ReactNode>> = {
  // A house.
  family: <path d="M3 11 12 4l9 7M5.5 9.5V20h13V9.5M10 20v-5h4v5" />,
  // Two people side by side.
  supportiveRelationships: (
    <>
      <circle cx="8" cy="8" r="3" />
      <circle cx="16.5" cy="8" r="3" />
      <path d="M2.5 20c0-3.3 2.5-5.5 5.5-5.5s5.5 2.2 5.5 5.5M11 20c0-3.3 2.5-5.5 5.5-5.5s5 2.2 5 5.5" />
    </>
  ),
  // A star.
  specificRequest: <path d="m12 3 2.7 5.9 6.3.6-4.8 4.2 1.4 6.3L12 16.7 6.4 20l1.4-6.3L3 9.5l6.3-.6Z" />,
  // A tree.
  familyHistory: (
    <>
      <circle cx="12" cy="9" r="6" />
      <path d="M12 15v6M8.5 21h7M12 12l-2.5-2.5M12 11l2.5-2" />
    </>
  ),
  // A path going up to a sun.
  futureSecurity: (
    <>
      <circle cx="17" cy="6.5" r="2.8" />
      <path d="M3 20c4 0 5-3 8-3s3.5-3 6-5.5M17 1.5v1M22 6.5h-1M13 6.5h-1" />
    </>
  ),
};

/** The picture for one kind of wish (1.25em square, the text's colour). */
export function CategoryIcon({ category }: { category: Category }) {
  return (
    <svg className="category-icon" viewBox="0 0 24 24" width="1.25em" height="1.25em" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      {PICTURES[category]}
    </svg>
  );
}
