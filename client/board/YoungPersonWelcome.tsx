// The young person's first screen starts with a short welcome that says what to do first, in
// words a ten-year-old understands; it goes once they have written a wish (or they close it).
import { useState } from 'react';

export function YoungPersonWelcome({ name, wishes }: { name: string; wishes: number }) {
  const [closed, setClosed] = useState(false);
  if (closed || wishes > 0) return null;
  return (
    <section className="panel panel-notice welcome no-print" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">Hello {name}!</h2>
      <p>This board is about you and the people who matter to you. Everyone here can see it and add to it.</p>
      <p>
        <strong>First:</strong> tell everyone what you would like. Press “Add something I’d like” and write it in your own words.
      </p>
      <button type="button" className="button button-quiet" onClick={() => setClosed(true)}>
        OK, got it
      </button>
    </section>
  );
}
