import type { ArchiveTarget, InvoiceType } from '../config/config-schema';

/** One document to put into a Clearfacts administration's inbox. */
export interface UploadRequest {
  /** Ten-digit company number of the administration. */
  readonly companyNumber: string;
  /** The tray: purchases, sales or various. */
  readonly invoiceType: InvoiceType;
  /** Upload to this archive category (`uploadArchiveFile`) instead of the inbox tray. */
  readonly archive?: ArchiveTarget;
  /** The filename Clearfacts shows. */
  readonly filename: string;
  /** `application/pdf`, `image/jpeg` or `application/xml`. */
  readonly contentType: string;
  /** The file's bytes. */
  readonly content: Uint8Array;
  /** Short provenance note (sender, subject, message id), readable in Clearfacts. */
  readonly comment?: string;
}

/** Clearfacts' `File` result: the uuid is the proof of delivery. */
export interface UploadedFile {
  readonly uuid: string;
  readonly name: string;
  readonly amountOfPages: number | null;
  readonly comment: string | null;
  /** Errors Clearfacts sent beside the uuid: the document landed, but something was reported. */
  readonly warning?: string;
}

/** The port the pipeline uploads through; one implementation speaks to the real API. */
export interface ClearfactsUploader {
  /** Uploads one document (to the archive when `request.archive` says); throws a classified `IngestError` when it fails. */
  uploadFile(request: UploadRequest): Promise<UploadedFile>;
}
