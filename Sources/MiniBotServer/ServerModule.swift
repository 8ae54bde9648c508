import Hummingbird
import ServiceLifecycle
import Metrics
import Prometheus
