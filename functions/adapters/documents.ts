// The document port: the private, versioned, encrypted S3 bucket.
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface Documents {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** The object, or undefined when there is none (S3 says 404 only to a role that may list the prefix). */
  get(key: string): Promise<Uint8Array | undefined>;
}

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

export const documentKeys = {
  agreementHtml: (agreementId: string) => `agreements/${agreementId}/agreement.html`,
  agreementPdf: (agreementId: string) => `agreements/${agreementId}/executed.pdf`,
};
