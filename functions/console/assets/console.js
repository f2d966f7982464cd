// Renders each PDF preview of the page with pdf.js, in this page's canvas: the same picture in
// every browser (headless ones have no PDF viewer), and the bytes never become a document of
// their own. Everything else on the console's pages works without this script.
const MAX_PAGES = 20;
const previews = document.querySelectorAll('.pdf-preview[data-src]');

if (previews.length > 0) {
  const pdfjs = await import('/assets/pdfjs/pdf.min.mjs');
  pdfjs.GlobalWorkerOptions.workerSrc = '/assets/pdfjs/pdf.worker.min.mjs';
  for (const preview of previews) {
    try {
      const pdf = await pdfjs.getDocument({
        url: preview.dataset.src,
        isEvalSupported: false,
        enableXfa: false,
        standardFontDataUrl: '/assets/pdfjs/standard_fonts/',
      }).promise;
      preview.replaceChildren();
      const pages = Math.min(pdf.numPages, MAX_PAGES);
      for (let number = 1; number <= pages; number++) {
        const pdfPage = await pdf.getPage(number);
        const viewport = pdfPage.getViewport({ scale: 1.25 });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.className = 'pdf-page';
        canvas.setAttribute('aria-label', `page ${number} of ${pdf.numPages}`);
        preview.append(canvas);
        await pdfPage.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
      }
      if (pdf.numPages > pages) {
        const more = document.createElement('p');
        more.textContent = `${pdf.numPages - pages} more pages: open or download the PDF to see them.`;
        preview.append(more);
      }
      preview.dataset.rendered = String(pages);
    } catch (error) {
      preview.replaceChildren();
      const problem = document.createElement('p');
      problem.className = 'problem';
      problem.textContent = `This PDF could not be rendered here (${error?.message ?? error}); open or download it instead.`;
      preview.append(problem);
      preview.dataset.rendered = 'failed';
    }
  }
}
