// The document port on the private, versioned, encrypted S3 bucket.
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Documents } from '../ports/documents.js';
import { lazyPort } from './dependencies.js';
import { settings } from './config.js';

export class S3Documents implements Documents {
  private readonly s3 = new S3Client({});
  constructor(private readonly bucket: string) {}
  async put(key: string, body: Uint8Array | string, contentType: string) {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
      }),
    );
  }
  /** S3 says 404 only to a role that may list the prefix; NoSuchKey is what ours sees. */
  async get(key: string) {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await out.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}

/** The documents port on the documents bucket. */
export const documents = /* @__PURE__ */ lazyPort('documents', () => new S3Documents(settings().documentsBucket));
