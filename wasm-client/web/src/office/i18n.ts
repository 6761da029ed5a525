// Two languages: Vietnamese first (the default), English second. Screens call t(vi, en)
// while rendering; the app re-renders everything when the language changes.

export type Lang = "vi" | "en";

const KEY = "sotay.office.lang";
let current: Lang = readLang();

function readLang(): Lang {
  try {
    return localStorage.getItem(KEY) === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // No storage: the choice lasts for this page only.
  }
  document.documentElement.lang = l;
}

export function t(vi: string, en: string): string {
  return current === "vi" ? vi : en;
}

// {vi, en} labels as the registry and the schemas carry them.
export function label(l: { vi?: string; en?: string } | string | null | undefined): string {
  if (!l) return "";
  if (typeof l === "string") return l;
  return (current === "vi" ? l.vi ?? l.en : l.en ?? l.vi) ?? "";
}
