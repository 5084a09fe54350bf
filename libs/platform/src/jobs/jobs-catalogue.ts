import type { JobFamilyName } from './job-families';

/** The job names this process knows and their families, composed from the platform's and the domain's maps. */
export class JobsCatalogue {
  constructor(private readonly families: Record<string, JobFamilyName>) {}

  names(): string[] {
    return Object.keys(this.families);
  }

  has(name: string): boolean {
    return Object.hasOwn(this.families, name);
  }

  familyOf(name: string): JobFamilyName | undefined {
    return this.has(name) ? this.families[name] : undefined;
  }
}
