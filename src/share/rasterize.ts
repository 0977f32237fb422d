/**
 * An SVG document as a PNG, for pictures that are drawn once as SVG (the heap view) and wanted
 * as images too (slides, chat, documents that do not take SVG). The browser draws the SVG
 * itself through an <img> (the page's policy allows `blob:` images), so the PNG is exactly the
 * SVG file, at `pixelRatio` device pixels per CSS pixel.
 */
export async function svgToPNG(svg: string, pixelRatio: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * pixelRatio));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * pixelRatio));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))), 'image/png');
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}
