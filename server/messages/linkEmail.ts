// The invite email sent over SMTP, in words a grandparent understands: who it is from, the link (once
// in the text and once in the HTML), that it is theirs alone, and that it works on a phone. GOV.UK
// Notify sends its own template instead (see MessagesConfig in server/config.ts).

import type { LinkMessage } from './types.ts';

/** One email: its subject and its plain-text and HTML bodies. */
export interface LinkEmail {
  subject: string;
  text: string;
  html: string;
}

/** Writes the invite email for one person. */
export function composeLinkEmail(message: Pick<LinkMessage, 'personName' | 'youngPersonName' | 'url'>): LinkEmail {
  const person = oneLine(message.personName);
  const young = oneLine(message.youngPersonName);
  const greeting = person === '' ? 'Hello,' : `Hello ${person},`;
  const board = `${young}'s Lifelong Links board`;
  const from = `This email is from the Lifelong Links coordinator who is planning a family meeting for ${young}. You are invited to help plan support for ${young}.`;
  const personal = 'This link is just for you. Please do not forward it or share it: anyone who has it can join as you.';
  const phone = 'It works on a phone, a tablet or a computer, and there is nothing to install.';
  const unexpected = 'If you were not expecting this email, you can ignore it.';
  const text = [greeting, from, `To open ${board}, go to:\n${message.url}`, personal, phone, unexpected].join('\n\n');
  const html = [
    '<!doctype html>',
    '<html lang="en"><body style="font-family: Arial, sans-serif; font-size: 18px; line-height: 1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(from)}</p>`,
    `<p><a href="${escapeHtml(message.url)}" style="font-size: 20px; font-weight: bold">Open ${escapeHtml(board)}</a></p>`,
    `<p>${escapeHtml(personal)}</p>`,
    `<p>${escapeHtml(phone)}</p>`,
    `<p>${escapeHtml(unexpected)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `Your link to ${board}`, text, html };
}

/** A name on one line: a line break in a name must not start a new header or paragraph. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
