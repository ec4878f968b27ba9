package org.vaepriors.notebook;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

import org.vaepriors.data.ImageSet;

/**
 * Tiles grey-level images into one picture: value 1 is white, as MNIST shows digits; a 1-pixel mid-grey
 * gutter separates the tiles; each pixel is scaled up by an integer factor (nearest neighbour) so small
 * images stay crisp.
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    /**
     * @param images the images
     * @param count  how many to show (the first {@code count}; at most {@code images.size()})
     * @param cols   tiles per row
     * @param scale  pixel magnification, >= 1
     * @return the tiled picture
     */
    public static BufferedImage of(ImageSet images, int count, int cols, int scale) {
        int n = Math.min(count, images.size());
        return tile(images.pixels(), n, images.rows(), images.cols(), cols, scale);
    }

    /**
     * @param pixels {@code [n, rows * cols]} values in [0, 1] (clamped)
     * @param n      number of images
     * @param rows   image height
     * @param width  image width
     * @param cols   tiles per row
     * @param scale  pixel magnification, >= 1
     * @return the tiled picture
     */
    public static BufferedImage tile(float[] pixels, int n, int rows, int width, int cols, int scale) {
        if (n < 1 || cols < 1 || scale < 1) {
            throw new IllegalArgumentException("need n, cols and scale >= 1, got " + n + ", " + cols + ", " + scale);
        }
        int gridRows = (n + cols - 1) / cols;
        int usedCols = Math.min(cols, n);
        int tw = width * scale + 1;
        int th = rows * scale + 1;
        BufferedImage img = new BufferedImage(usedCols * tw + 1, gridRows * th + 1, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                r.setSample(x, y, 0, 128);
            }
        }
        for (int k = 0; k < n; k++) {
            int ox = (k % cols) * tw + 1;
            int oy = (k / cols) * th + 1;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < width; j++) {
                    float v = pixels[k * rows * width + i * width + j];
                    int g = Math.round(255 * Math.max(0f, Math.min(1f, v)));
                    for (int a = 0; a < scale; a++) {
                        for (int b = 0; b < scale; b++) {
                            r.setSample(ox + j * scale + b, oy + i * scale + a, 0, g);
                        }
                    }
                }
            }
        }
        return img;
    }

    /**
     * @param image a picture
     * @return it encoded as PNG
     */
    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
