// The frame of every page: skip link, site banner, and a <main> whose heading takes focus on arrival.
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from './navigate.ts';

interface PageProps {
  /** The page's one h1, also used for the browser tab's title. */
  title: string;
  /** Extra content for the top banner (e.g. a sign-out button). */
  banner?: ReactNode;
  /** Wider layout and a sticky banner, for the board. */
  wide?: boolean;
  children: ReactNode;
}

/** One page: focus moves to its heading when it opens, so screen readers announce the new page. */
export function Page({ title, banner, wide, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Lifelong Links Board`;
  }, [title]);
  useEffect(() => {
    // Only on arrival: moving focus on every title change would interrupt someone typing.
    if (document.activeElement === document.body || document.activeElement === null) heading.current?.focus();
  }, []);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className={wide ? 'site-banner site-banner-sticky' : 'site-banner'}>
        <Link href="/" className="brand">
          Lifelong Links Board
        </Link>
        {banner}
      </header>
      <main id="main" tabIndex={-1} className={wide ? 'page page-wide' : 'page'}>
        <h1 ref={heading} tabIndex={-1} className="page-title">
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}

/** A readable error message, announced when it appears. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="error-message" role="alert">
      <span aria-hidden="true">⚠ </span>
      {children}
    </p>
  );
}

/** A polite "please wait" line. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      {what}
    </p>
  );
}
