// First screen on a new phone: the code from the office, typed or scanned as a QR code.
import { h, type ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Problem, SotayCore } from "../core/contract";
import { sameServer, serverAddress } from "../core/http";
import { bi, button, problemView } from "./dom";
import { ServerChangeDialog, takeSwitchCarry, type SwitchCarry } from "./wipe";

// A QR code may hold the bare code, a link with ?code=…[&server=…], or JSON {code, server}.
export function parseEnrollQr(text: string): { code: string; server?: string } {
  const t = text.trim();
  try {
    const j: unknown = JSON.parse(t);
    if (typeof j === "object" && j !== null && "code" in j && typeof j.code === "string") {
      return { code: j.code, server: "server" in j && typeof j.server === "string" ? j.server : undefined };
    }
  } catch { /* not JSON */ }
  try {
    const u = new URL(t);
    const code = u.searchParams.get("code");
    if (code) {
      const server = u.searchParams.get("server") ?? (u.protocol.startsWith("http") ? u.origin : undefined);
      return { code, server: server ?? undefined };
    }
  } catch { /* not a URL */ }
  return { code: t };
}

// The browser's own QR reader (Chrome on Android); not in TypeScript's DOM library yet.
interface BarcodeDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorClass = new (opts: { formats: string[] }) => BarcodeDetector;

function Scanner(p: { onCode: (text: string) => void; onClose: () => void }): ComponentChild {
  const video = useRef<HTMLVideoElement>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stop = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        const v = video.current!;
        v.srcObject = stream;
        await v.play();
        const BD = (window as Window & { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
        const detector = BD ? new BD({ formats: ["qr_code"] }) : null;
        const jsQR = detector ? null : (await import("jsqr")).default;
        const canvas = document.createElement("canvas");
        const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
        while (!stop) {
          await new Promise((r) => setTimeout(r, 250));
          if (!v.videoWidth) continue;
          let text: string | null = null;
          if (detector) {
            const found = await detector.detect(v);
            text = found[0]?.rawValue ?? null;
          } else if (jsQR) {
            canvas.width = v.videoWidth; canvas.height = v.videoHeight;
            ctx.drawImage(v, 0, 0);
            const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
            text = jsQR(img.data, img.width, img.height)?.data ?? null;
          }
          if (text) { p.onCode(text); return; }
        }
      } catch (e) {
        setErr(String((e as Error)?.message ?? e));
      }
    })();
    return () => { stop = true; stream?.getTracks().forEach((t) => t.stop()); };
  }, []);
  return h("div", { class: "scanner" },
    h("video", { ref: video, playsInline: true, muted: true }),
    err ? h("div", { class: "problem" }, bi("Không mở được máy ảnh. Hãy gõ mã.", `Camera unavailable: ${err}`)) : null,
    button({ class: "secondary", onClick: p.onClose }, "Đóng máy ảnh", "Close camera"));
}

// `again`: the phone is enrolled but the server refused it (needsReenroll); a new code
// enrolls it again, keeping everything stored on it — with the same server only. A code
// for another server asks first (ServerChangeDialog), and switching erases this phone's
// data before enrolling anew. The server address must be https (serverAddress), checked
// when typed or scanned, before any request.
export function EnrollScreen(p: { core: SotayCore; onEnrolled: () => void; again?: boolean; onCancel?: () => void }): ComponentChild {
  const current = p.again ? p.core.enrollment() : null;
  // Back from the erase of a switch of server: the new server's code, filled in.
  const [carry] = useState<SwitchCarry | null>(() => (current ? null : takeSwitchCarry()));
  const [code, setCode] = useState(carry?.code ?? "");
  const [server, setServer] = useState(carry?.server ?? current?.server ?? location.origin);
  const [showServer, setShowServer] = useState(carry !== null);
  // The leader's own name is the phone's name: the office and the other leaders of the
  // group see who wrote what (a conflict names both writers).
  const [name, setName] = useState(carry?.name ?? current?.device_name ?? "");
  const [scan, setScan] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const [switchTo, setSwitchTo] = useState<SwitchCarry | null>(null);

  // A refused address: the server box shown, the reason under the form.
  const refuse = (problem: Problem) => {
    setError(problem);
    setShowServer(true);
    setTimeout(() => document.getElementById("enroll-server")?.focus(), 0);
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (!code.trim()) {
      setError({ code: "required", message_vi: "Hãy nhập mã đăng ký do Phòng Văn hóa - Xã hội cấp.", message_en: "Enter the enrollment code from the office." });
      return;
    }
    if (!name.trim()) {
      setError({ code: "required", path: "device_name",
        message_vi: "Hãy nhập họ và tên của bạn: Phòng Văn hóa - Xã hội và các tổ trưởng khác sẽ biết ai đã ghi.",
        message_en: "Enter your full name: the office and other leaders will see who wrote what." });
      document.getElementById("enroll-name")?.focus();
      return;
    }
    const address = serverAddress(server);
    if (!address.ok) { refuse(address.error); return; }
    if (current && !sameServer(current.server, address.value)) {
      setError(null);
      setSwitchTo({ server: address.value, code: code.trim(), name: name.trim(), from: current.server });
      return;
    }
    setBusy(true);
    setError(null);
    const r = await p.core.enroll(address.value, code.trim(), name.trim(), p.again);
    setBusy(false);
    if (!r.ok) { setError(r.error); return; }
    p.onEnrolled();
  };

  const unsent = p.again ? p.core.pendingHouseholds() : 0;
  return h("main", { class: `screen enroll${p.again ? " again" : ""}` },
    h("h1", null, p.again ? bi("Đăng ký lại điện thoại", "Enroll this phone again") : bi("Đăng ký điện thoại", "Enroll this phone")),
    carry
      ? h("div", { class: "notice switched", role: "status" },
          h("p", null, bi(`✓ Đã xóa dữ liệu của máy chủ cũ (${carry.from}) khỏi điện thoại.`,
            "The old server's data was erased from this phone.")),
          h("p", null, bi(`Bấm “Đăng ký” để đăng ký với máy chủ mới: ${carry.server}`, `Tap “Enroll” to enroll with the new server.`)))
      : null,
    p.again
      ? h("div", { class: "notice keep", "data-unsent": unsent },
          h("p", null, bi("Dữ liệu trên máy được giữ nguyên khi đăng ký lại: không mất hộ nào.",
            "Everything on this phone is kept when you enroll again.")),
          unsent
            ? h("p", { class: "warn" }, bi(`Còn ${unsent} hộ chưa gửi. Đừng xóa dữ liệu trình duyệt hay gỡ ứng dụng: sau khi đăng ký lại, chúng sẽ được gửi.`,
                `${unsent} households are not sent yet. Do not clear the browser's data or uninstall the app: they will be sent once enrolled again.`))
            : null)
      : null,
    h("p", { class: "lead" }, bi(
      p.again ? "Nhập mã đăng ký mới Phòng Văn hóa - Xã hội cấp, hoặc quét mã QR." : "Nhập mã đăng ký Phòng Văn hóa - Xã hội đưa cho bạn, hoặc quét mã QR.",
      "Type the enrollment code from the ward office, or scan its QR code.")),
    h("form", { onSubmit: submit, novalidate: true },
      h("div", { class: "field" },
        h("label", { class: "q", for: "enroll-code" }, bi("Mã đăng ký", "Enrollment code")),
        h("input", { id: "enroll-code", name: "code", class: "code", autocomplete: "one-time-code",
          autocapitalize: "characters", spellcheck: false, value: code,
          onInput: (e: Event) => setCode((e.target as HTMLInputElement).value) })),
      scan
        ? h(Scanner, { onClose: () => setScan(false), onCode: (t: string) => {
            const q = parseEnrollQr(t);
            setScan(false);
            if (q.server) {
              // A code for a server this phone will not use is not filled in at all.
              const address = serverAddress(q.server);
              if (!address.ok) { refuse(address.error); return; }
              setServer(address.value);
            }
            setCode(q.code);
            setError(null);
          } })
        : button({ class: "secondary", onClick: () => setScan(true), "data-action": "scan" }, "📷 Quét mã QR", "Scan QR code"),
      h("div", { class: "field" },
        h("label", { class: "q", for: "enroll-name" }, bi("Họ và tên của bạn", "Your full name")),
        h("p", { class: "hint", id: "enroll-name-hint" }, bi("Ví dụ: Nguyễn Văn An. Phòng và các tổ trưởng khác sẽ thấy tên này bên cạnh những gì bạn ghi.",
          "Shown to the office and other leaders beside what you enter.")),
        h("input", { id: "enroll-name", name: "name", autocomplete: "name", autocapitalize: "words", required: true,
          "aria-describedby": "enroll-name-hint", value: name,
          onInput: (e: Event) => setName((e.target as HTMLInputElement).value) })),
      h("details", { class: "advanced", open: showServer,
          onToggle: (e: Event) => setShowServer((e.target as HTMLDetailsElement).open) },
        h("summary", null, bi("Địa chỉ máy chủ", "Server address")),
        h("label", { class: "sr-only", for: "enroll-server" }, "Địa chỉ máy chủ / Server address"),
        h("input", { id: "enroll-server", type: "url", value: server, autocapitalize: "off", spellcheck: false,
          "aria-invalid": error?.path === "server" ? "true" : undefined,
          onInput: (e: Event) => setServer((e.target as HTMLInputElement).value) })),
      error ? h("div", { class: "enroll-problem", "data-problem": error.code }, problemView(error)) : null,
      h("button", { type: "submit", class: "primary big", disabled: busy, "data-action": "enroll" },
        busy ? bi("Đang đăng ký…", "Enrolling…") : bi("Đăng ký", "Enroll")),
      p.onCancel ? button({ class: "secondary", onClick: p.onCancel, "data-action": "cancel-reenroll" }, "Quay lại", "Back") : null),
    switchTo && current
      ? h(ServerChangeDialog, { core: p.core, from: current.server, to: switchTo, onCancel: () => {
          // Nothing changed: the current server back in the box, the other code gone.
          setSwitchTo(null);
          setServer(current.server);
          setCode("");
        } })
      : null);
}
