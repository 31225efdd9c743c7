import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

// Tries all pairs (n <= 1000): the lexicographically smallest pair.
public class PairSum {
    public static void main(String[] args) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer tokens = new StringTokenizer("");
        String line;
        StringBuilder all = new StringBuilder();
        while ((line = reader.readLine()) != null) all.append(line).append(' ');
        tokens = new StringTokenizer(all.toString());
        int n = Integer.parseInt(tokens.nextToken());
        long target = Long.parseLong(tokens.nextToken());
        long[] values = new long[n];
        for (int k = 0; k < n; k++) values[k] = Long.parseLong(tokens.nextToken());
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (values[i] + values[j] == target) {
                    System.out.println((i + 1) + " " + (j + 1));
                    return;
                }
            }
        }
        System.out.println(-1);
    }
}
