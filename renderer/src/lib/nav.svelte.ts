import { isSectionId, type SectionId } from './sections.js';

/** Which section is shown; mirrored in the URL hash so reloads keep the place. */
export class Navigation {
  current = $state<SectionId>('overview');

  constructor() {
    this.fromHash();
    window.addEventListener('hashchange', () => this.fromHash());
  }

  go(id: SectionId): void {
    this.current = id;
    if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
  }

  private fromHash(): void {
    const id = location.hash.replace(/^#/, '');
    if (isSectionId(id)) this.current = id;
  }
}
