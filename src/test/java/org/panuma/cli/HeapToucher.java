package org.panuma.cli;

/** A JVM target for JvmRegionsIT: fills a 32 MiB array on its Java heap, says "ready", waits for stdin to close. */
public final class HeapToucher {
    private HeapToucher() {
    }

    public static void main(String[] args) throws Exception {
        byte[] block = new byte[32 << 20];
        for (int i = 0; i < block.length; i += 4096) {
            block[i] = (byte) i;
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the array until the test closes stdin
        }
        System.out.println(block[4096]);
    }
}
