// An enrollment code as a QR code: the `qrcode` package computes the modules, we draw
// them as one SVG path (crisp on screen and on paper, no canvas).
import { h } from "preact";
import QRCode from "qrcode";

export function QrCode(props: { text: string; size?: number; label: string }) {
  const qr = QRCode.create(props.text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 4;
  let d = "";
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
    }
  }
  const total = n + quiet * 2;
  const px = props.size ?? 220;
  return h("svg", { class: "qr", width: px, height: px, viewBox: `0 0 ${total} ${total}`, role: "img", "aria-label": props.label, "shape-rendering": "crispEdges", "data-qr": props.text },
    h("rect", { width: total, height: total, fill: "#fff" }),
    h("path", { d, fill: "#000" }));
}
