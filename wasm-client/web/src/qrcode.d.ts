// The part of the `qrcode` package office/qr.ts uses (the package ships no types).
declare module "qrcode" {
  interface QrModules {
    size: number;
    get(row: number, col: number): number; // 1: a dark module
  }
  const QRCode: {
    create(text: string, opts: { errorCorrectionLevel: "L" | "M" | "Q" | "H" }): { modules: QrModules };
  };
  export default QRCode;
}
