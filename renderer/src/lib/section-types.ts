import type { Component } from 'svelte';

// The section types apart from the list itself: section components import these, and the list
// imports the components, so keeping them in one module would make an import cycle.

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

/** A built section: its words, icon and component. */
export interface Section extends SectionInfo {
  component: Component<SectionProps>;
}
