declare module "svg-to-pdfkit" {
  /** Draws an SVG document into a pdfkit document as vector paths and text. */
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x?: number,
    y?: number,
    options?: { width?: number; height?: number; assumePt?: boolean; fontCallback?: unknown },
  ): void;
}
