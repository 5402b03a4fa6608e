// Files a person chooses with an <input type="file">.

/**
 * The file just chosen, or null if the choice was cancelled. The input is emptied at once, so
 * choosing the same file again (after fixing it, say) tries again instead of doing nothing.
 */
export function takeChosenFile(event: Event): File | null {
  const input = event.currentTarget as HTMLInputElement;
  const file = input.files?.[0] ?? null;
  input.value = "";
  return file;
}

// Reads a chosen file's bytes. FileReader rather than File.arrayBuffer(): it is older, so it
// also works in the WebKitGTK of older Linux laptops (and in the test DOM).
export function readFileBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new DOMException("The file could not be read."));
    reader.readAsArrayBuffer(file);
  });
}
