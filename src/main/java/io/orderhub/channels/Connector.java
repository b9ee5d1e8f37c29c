package io.orderhub.channels;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A platform API as data, {@code connectors/<name>/connector.yaml}: how requests are built and
 * signed, which API pulls orders by modified-time window, where the answer keeps its orders, and
 * the platform's limits. Taobao TOP, JD and Pinduoduo share the pattern (sorted parameters, MD5
 * wrapped in the app secret); they differ in names and formats, which is what this record holds.
 */
public record Connector(
        String name,
        String description,
        String path,
        Request request,
        Api api,
        Response response,
        Detail detail,
        Limits limits) {

    /**
     * Common parameters: the parameter naming the API, app key and session parameters, the
     * timestamp parameter and its format ({@code epochSeconds} or a pattern in {@code zone}), the
     * signature parameter and algorithm ({@code md5-wrapped}), fixed parameters, and where the
     * business parameters go: top level ({@code null}) or as JSON in one parameter (JD).
     */
    public record Request(String apiParam, String appKeyParam, String sessionParam, String timestampParam,
                          String timestampFormat, String zone, String signParam, String sign,
                          Map<String, String> fixed, String businessParamsAsJsonIn) {
    }

    /** The incremental order API: its name, window and paging parameters, and extra parameters. */
    public record Api(String name, String windowStartParam, String windowEndParam, String windowFormat,
                      String pageParam, String pageSizeParam, Map<String, String> params) {
    }

    /**
     * Where the answer keeps things (JSON pointers): the orders, the total count, an error code and
     * message; error codes that mean "slow down"; and the order id field (for logs).
     */
    public record Response(String orders, String total, String errorCode, String errorMessage,
                           List<String> throttleCodes, String orderId) {
    }

    /**
     * The call that reads one order whole, for a platform whose incremental list returns part of
     * each order only (Taobao: taobao.trades.sold.increment.get lists, taobao.trade.fullinfo.get
     * reads one trade). Absent when the list rows are complete. Each listed row's {@code idField}
     * goes as {@code idParam} to the API {@code name} with the extra {@code params}; the order is
     * the answer's node at {@code record} (a JSON pointer), so the channel's mapping reads the same
     * shape as from the list. Signed, paced and retried like the list.
     */
    public record Detail(String name, String idParam, String idField, Map<String, String> params, String record) {
    }

    /**
     * The platform's limits: page size, the longest window, how far behind the platform clock a
     * window must end, how much consecutive windows overlap, paging direction ({@code backward}
     * reads the last page first, so orders leaving the window while paging are not skipped),
     * requests per second, retry with exponential back-off for 429, 5xx and throttle codes, and the
     * largest answer read ({@code maxAnswerBytes}, optional).
     */
    public record Limits(int pageSize, Duration maxWindow, Duration lag, Duration overlap, String paging,
                         double requestsPerSecond, int retries, Duration backoff, Duration maxBackoff,
                         Integer maxAnswerBytes) {

        /** The largest answer read (bytes); a larger one stops the run. Default 16 MiB. */
        public int maxAnswerBytesOr() {
            return maxAnswerBytes == null ? 16 * 1024 * 1024 : maxAnswerBytes;
        }
    }
}
