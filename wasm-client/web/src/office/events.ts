// What a form control holds, read from its input or change event (Preact types
// `currentTarget` only as an HTMLElement for most elements).
export function valueOf(e: Event): string {
  return (e.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
}

export function checkedOf(e: Event): boolean {
  return (e.currentTarget as HTMLInputElement).checked;
}
