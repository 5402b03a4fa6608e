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
