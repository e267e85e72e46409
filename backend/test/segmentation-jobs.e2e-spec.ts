import { INestApplication } from '@nestjs/common';
import { SegmentationBatchService } from '../src/segmentation/batch/segmentation-batch.service';
import { SegmentationJobsRepository } from '../src/segmentation/segmentation.repository';
import { createTestApp } from './support/test-app';

describe('segmentation jobs: compare-and-set start (e2e)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('saves a job only while the stored status and updatedAt are unchanged', async () => {
    const batch = app.get(SegmentationBatchService);
    const jobs = app.get(SegmentationJobsRepository);
    const queued = await batch.enqueue();
    const running = { ...queued, status: 'running' as const, attempts: 1, updatedAt: '2012-01-01T00:00:01.000Z' };
    await expect(jobs.saveIfUnchanged(running, queued)).resolves.toBe(true);
    // A second process that read the same queued job loses the race.
    await expect(jobs.saveIfUnchanged({ ...running, updatedAt: '2012-01-01T00:00:02.000Z' }, queued)).resolves.toBe(false);
    await expect(jobs.get(queued.jobId)).resolves.toMatchObject({ status: 'running', updatedAt: '2012-01-01T00:00:01.000Z' });
  });

  it('runs nothing when the queued job was taken between read and start (duplicate launch)', async () => {
    const batch = app.get(SegmentationBatchService);
    const jobs = app.get(SegmentationJobsRepository);
    const queued = await batch.enqueue();
    const original = jobs.get.bind(jobs);
    // The job is read as queued, then another process starts it before this one writes.
    jest.spyOn(jobs, 'get').mockImplementationOnce(async (id) => {
      const job = await original(id);
      await jobs.save({ ...queued, status: 'running', attempts: 1, updatedAt: '2012-01-01T00:00:05.000Z' });
      return job;
    });
    await expect(batch.runQueued(queued.jobId)).resolves.toBeNull();
    await expect(jobs.get(queued.jobId)).resolves.toMatchObject({ status: 'running', updatedAt: '2012-01-01T00:00:05.000Z', phase: 'scan' });
  });
});
