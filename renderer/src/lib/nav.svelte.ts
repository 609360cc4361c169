import { findSection, SECTIONS } from './sections.js';

/** Which section is shown; mirrored in the URL hash so reloads keep the place. */
export class Navigation {
  current = $state<string>(SECTIONS[0]?.id ?? 'overview');

  constructor() {
    this.fromHash();
    window.addEventListener('hashchange', () => this.fromHash());
  }

  go(id: string): void {
    if (!findSection(id)) return;
    this.current = id;
    if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
  }

  private fromHash(): void {
    const id = location.hash.replace(/^#/, '');
    if (findSection(id)) this.current = id;
  }
}
