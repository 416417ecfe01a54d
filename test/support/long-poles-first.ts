/**
 * Vitest's order, except that the integration tier's longest files start
 * first. The tier runs two files at a time; vitest orders a group by project
 * name (integration, then integration-deploy) and, with no results cached
 * (a clean CI clone), by nothing else, so the deploy files, minutes each,
 * would start last and run side by side while the other lane sat idle.
 * Started first, they run beside the many short files instead.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest integration files, slowest first (each a few minutes of deploys over ssh). */
const longPoles = [
  'test/integration/deploy/ssh-deploy.test.ts',
  'test/integration/deploy/safe-deploys.test.ts',
  'test/integration/deploy/backup.test.ts',
];

export default class LongPolesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = longPoles.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return index === -1 ? longPoles.length : index;
    };
    // Stable: the groups (sequence.groupOrder) keep their order, and so do the files within a group otherwise.
    const order = (spec: TestSpecification) => spec.project.config.sequence.groupOrder;
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => order(a.spec) - order(b.spec) || rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
