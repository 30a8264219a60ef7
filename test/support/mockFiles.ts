/** The mock's Files API store: what was uploaded, and the batch output and error files it writes. */
import { randomBytes } from 'node:crypto';

/** The purposes the Files API takes on upload; `batch_output` is the mock's own, for the files a batch writes. */
export const UPLOAD_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;
export type MockFilePurpose = (typeof UPLOAD_PURPOSES)[number] | 'batch_output';

/** A file as `GET /v1/files/{id}` describes it, in the API's shape. */
export interface MockFileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: MockFilePurpose;
  status: 'processed';
  expires_at: number | null;
  status_details: null;
}

/** Batch files are kept 30 days by default, as the API does; others until deleted. */
const BATCH_FILE_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

export class MockFileStore {
  private readonly files = new Map<string, { object: MockFileObject; content: Buffer }>();

  add(filename: string, purpose: MockFilePurpose, content: Buffer): MockFileObject {
    const createdAt = Math.floor(Date.now() / 1000);
    const object: MockFileObject = {
      id: `file-${randomBytes(12).toString('hex')}`,
      object: 'file',
      bytes: content.byteLength,
      created_at: createdAt,
      filename,
      purpose,
      status: 'processed',
      expires_at: purpose === 'batch' || purpose === 'batch_output' ? createdAt + BATCH_FILE_LIFETIME_SECONDS : null,
      status_details: null,
    };
    this.files.set(object.id, { object, content });
    return object;
  }

  describe(id: string): MockFileObject | undefined {
    return this.files.get(id)?.object;
  }

  content(id: string): Buffer | undefined {
    return this.files.get(id)?.content;
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  /** Oldest first, in upload order. */
  list(): MockFileObject[] {
    return [...this.files.values()].map((file) => file.object);
  }
}
