// Types for `gedcom` (Tom MacWright's GEDCOM parser), which ships none: the part the board's import
// uses (server/family/gedcom.ts).
declare module 'gedcom' {
  /** One line of the file as a node: its tag as `type`, its pointer and value in `data`. */
  export interface GedcomNode {
    type: string;
    data: { xref_id?: string; pointer?: string; value?: string; formal_name?: string };
    children: GedcomNode[];
  }
  export function parse(input: string): GedcomNode;
}
