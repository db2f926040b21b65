// The document port: S3 (versioned, encrypted, private) on AWS, a folder locally.
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface Documents {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}

export class S3Documents implements Documents {
  private readonly s3 = new S3Client({});
  constructor(private readonly bucket: string) {}
  async put(key: string, body: Uint8Array | string, contentType: string) {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ServerSideEncryption: 'aws:kms' }));
  }
  async get(key: string) {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await out.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

export class FolderDocuments implements Documents {
  constructor(private readonly root: string) {}
  private path(key: string) {
    const full = resolve(this.root, key);
    if (!full.startsWith(resolve(this.root) + sep)) throw new Error(`document key ${key} leaves the document folder`);
    return full;
  }
  async put(key: string, body: Uint8Array | string, _contentType: string) {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(`${target}.tmp`, body);
    await rename(`${target}.tmp`, target);
  }
  async get(key: string) {
    try { return new Uint8Array(await readFile(this.path(key))); } catch { return undefined; }
  }
}

export const documentKeys = {
  agreementHtml: (agreementId: string) => join('agreements', agreementId, 'agreement.html'),
  agreementPdf: (agreementId: string) => join('agreements', agreementId, 'executed.pdf'),
};
