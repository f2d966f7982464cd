/** A file found inside a container: a ZIP entry, a winmail.dat or .msg attachment. */
export interface UnpackedFile {
  /** The name the container gave it; archive entries keep their folders (`2026/03/invoice.pdf`). */
  readonly name: string | undefined;
  /** The MIME type the container declared, when it declares one. */
  readonly declaredType?: string;
  /** The file's bytes. */
  readonly content: Buffer;
  /** Whether the container shows it in the message body (an inline picture) rather than attaching it. */
  readonly inline?: boolean;
}

/** The files of an opened container and the label their origin gets, e.g. `ZIP archive "march.zip"`. */
export interface UnpackedContainer {
  readonly label: string;
  readonly files: readonly UnpackedFile[];
}
