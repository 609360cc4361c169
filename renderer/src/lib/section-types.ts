/**
 * The types every section shares, apart from the list of sections: a section component imports
 * these, and the list imports the components, so keeping them here leaves no import cycle.
 */

/** What every section component is given: the other sections (for links) and a way to go to one. */
export interface SectionProps {
  sections: readonly SectionInfo[];
  onselect: (id: string) => void;
}

/** A section's words and icon, without its component (what the sidebar and the overview show). */
export interface SectionInfo {
  id: string;
  label: string;
  description: string;
  /** A 24×24 stroke path, drawn by Icon.svelte. */
  icon: string;
}
