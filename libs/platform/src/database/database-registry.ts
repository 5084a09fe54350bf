import type { EntitySchema, MixedList } from 'typeorm';

type EntityClass = abstract new (...args: never[]) => unknown;
type MigrationClass = new () => unknown;

/**
 * Libs declare their tables and migrations with DatabaseModule.forFeature; the root data source reads them here, so
 * no app keeps a list of every lib's entities (TypeORM's own forFeature works the same way).
 */
export const databaseRegistry = {
  entities: new Set<EntityClass | EntitySchema>(),
  migrations: new Set<MigrationClass>(),
  add(entities: (EntityClass | EntitySchema)[], migrations: MigrationClass[]): void {
    entities.forEach((e) => this.entities.add(e));
    migrations.forEach((m) => this.migrations.add(m));
  },
  entityList(): MixedList<string | EntitySchema | (abstract new () => unknown)> {
    return [...this.entities] as never;
  },
  migrationList(): MigrationClass[] {
    return [...this.migrations];
  },
};
