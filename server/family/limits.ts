// How much of a family tree file the board reads: apart from the GEDCOM code, which loads only when
// a family file is first read or written (it takes some 0.5 MB a server need not hold until then).

/** Largest GEDCOM file the board reads. */
export const MAX_GEDCOM_BYTES = 5 * 1024 * 1024;
/** Most people one file may bring (a board holds a family, not a genealogy database). */
export const MAX_IMPORTED_PEOPLE = 1000;
