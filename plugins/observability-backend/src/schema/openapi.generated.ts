// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.
/* eslint-disable */

/** The observability plugin's OpenAPI document. */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "observability",
    "version": "1",
    "description": "Cellport observability: per-app dashboards from Prometheus (named panel templates scoped to the app, never user PromQL), alert thresholds rendered as Prometheus rules, and the Alertmanager webhook that turns alerts into notifications to the app's Owners and Masters.",
    "license": {
      "name": "Apache-2.0",
      "url": "http://www.apache.org/licenses/LICENSE-2.0.html"
    },
    "contact": {}
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "app": {
        "name": "app",
        "in": "path",
        "required": true,
        "description": "The app name (a DNS-1123 label).",
        "schema": {
          "type": "string",
          "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
          "maxLength": 63
        }
      },
      "range": {
        "name": "range",
        "in": "query",
        "schema": {
          "type": "string",
          "enum": [
            "15m",
            "1h",
            "6h",
            "24h",
            "7d"
          ]
        }
      },
      "ruleId": {
        "name": "ruleId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "maxLength": 64
        }
      }
    },
    "responses": {
      "ErrorResponse": {
        "description": "An error response from the backend (4xx names what to fix).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "name",
              "message"
            ]
          },
          "response": {
            "type": "object",
            "properties": {
              "statusCode": {
                "type": "number"
              }
            }
          }
        },
        "required": [
          "error",
          "response"
        ]
      },
      "Series": {
        "type": "object",
        "required": [
          "labels",
          "points"
        ],
        "properties": {
          "labels": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "points": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "type": "number"
              },
              "minItems": 2,
              "maxItems": 2
            }
          }
        }
      },
      "Panel": {
        "type": "object",
        "required": [
          "id",
          "title",
          "unit",
          "series"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "unit": {
            "type": "string"
          },
          "series": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Series"
            }
          },
          "empty": {
            "type": "object",
            "required": [
              "reason",
              "message"
            ],
            "properties": {
              "reason": {
                "type": "string",
                "enum": [
                  "prometheus-down",
                  "not-scraped",
                  "no-traffic",
                  "no-data"
                ]
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "Dashboard": {
        "type": "object",
        "required": [
          "app",
          "range",
          "split",
          "start",
          "end",
          "step",
          "panels",
          "generatedAt"
        ],
        "properties": {
          "app": {
            "type": "string"
          },
          "range": {
            "type": "string"
          },
          "split": {
            "type": "string"
          },
          "start": {
            "type": "number"
          },
          "end": {
            "type": "number"
          },
          "step": {
            "type": "number"
          },
          "panels": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Panel"
            }
          },
          "generatedAt": {
            "type": "string"
          }
        }
      },
      "AlertRuleInput": {
        "type": "object",
        "description": "Unknown fields are refused (400 naming them).",
        "required": [
          "name",
          "metric",
          "threshold",
          "for"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "metric": {
            "type": "string",
            "enum": [
              "errorRatio",
              "latencyP99",
              "restarts",
              "cpu",
              "memory"
            ]
          },
          "threshold": {
            "type": "number"
          },
          "for": {
            "type": "string",
            "description": "A duration like 30s, 5m or 1h (10s to 24h)."
          },
          "severity": {
            "type": "string",
            "enum": [
              "warning",
              "critical"
            ]
          },
          "summary": {
            "type": "string",
            "description": "A Prometheus annotation template, e.g. \"error ratio {{ $value }}\"."
          }
        }
      },
      "AlertRule": {
        "allOf": [
          {
            "$ref": "#/components/schemas/AlertRuleInput"
          },
          {
            "type": "object",
            "required": [
              "id",
              "app",
              "createdBy",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "app": {
                "type": "string"
              },
              "createdBy": {
                "type": "string"
              },
              "createdAt": {
                "type": "string"
              },
              "updatedAt": {
                "type": "string"
              }
            }
          }
        ]
      },
      "RulesStatus": {
        "type": "object",
        "required": [
          "loaded"
        ],
        "properties": {
          "loaded": {
            "type": "boolean"
          },
          "message": {
            "type": "string"
          }
        }
      },
      "AlertEvent": {
        "type": "object",
        "required": [
          "id",
          "app",
          "status",
          "fingerprint",
          "startsAt",
          "summary",
          "labels",
          "receivedAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "app": {
            "type": "string"
          },
          "ruleId": {
            "type": "string"
          },
          "ruleName": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "firing",
              "resolved"
            ]
          },
          "fingerprint": {
            "type": "string"
          },
          "startsAt": {
            "type": "string"
          },
          "endsAt": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "labels": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "receivedAt": {
            "type": "string"
          },
          "notifiedAt": {
            "type": "string"
          }
        }
      }
    }
  },
  "paths": {
    "/apps/{app}/dashboard": {
      "get": {
        "operationId": "GetDashboard",
        "description": "The app's dashboard panels over a range, split by cell, version or pod. Reporter and up.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "name": "range",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "15m",
                "1h",
                "6h",
                "24h",
                "7d"
              ]
            }
          },
          {
            "name": "split",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "cell",
                "version",
                "cellVersion",
                "pod"
              ]
            }
          },
          {
            "name": "end",
            "in": "query",
            "description": "End of the range (ISO 8601), default now.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "panels",
            "in": "query",
            "description": "Comma-separated panel ids, default all.",
            "allowReserved": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The dashboard.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Dashboard"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/apps/{app}/alerts/rules": {
      "get": {
        "operationId": "ListAlertRules",
        "description": "A page of the app's alert rules by name, and whether Prometheus has loaded all of them. Reporter and up.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "At most this many (1 to 500; default 100).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The nextCursor of the previous page.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The rules, with the cursor of the next page when there is one.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "status"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/AlertRule"
                      }
                    },
                    "status": {
                      "$ref": "#/components/schemas/RulesStatus"
                    },
                    "nextCursor": {
                      "type": "string",
                      "description": "Pass as cursor for the next page; absent on the last page."
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "post": {
        "operationId": "CreateAlertRule",
        "description": "Adds a threshold; checked by promtool before anything is stored. Owner and Master.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AlertRuleInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The rule, and whether Prometheus loaded it.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "rule",
                    "status"
                  ],
                  "properties": {
                    "rule": {
                      "$ref": "#/components/schemas/AlertRule"
                    },
                    "status": {
                      "$ref": "#/components/schemas/RulesStatus"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/apps/{app}/alerts/rules/{ruleId}": {
      "put": {
        "operationId": "UpdateAlertRule",
        "description": "Replaces a threshold; checked by promtool before anything changes. Owner and Master.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/ruleId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AlertRuleInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The rule, and whether Prometheus loaded it.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "rule",
                    "status"
                  ],
                  "properties": {
                    "rule": {
                      "$ref": "#/components/schemas/AlertRule"
                    },
                    "status": {
                      "$ref": "#/components/schemas/RulesStatus"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "delete": {
        "operationId": "DeleteAlertRule",
        "description": "Removes a threshold. Owner and Master.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/ruleId"
          }
        ],
        "responses": {
          "200": {
            "description": "Whether Prometheus loaded the remaining rules.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "status"
                  ],
                  "properties": {
                    "status": {
                      "$ref": "#/components/schemas/RulesStatus"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/apps/{app}/alerts/history": {
      "get": {
        "operationId": "ListAlertHistory",
        "description": "Firing and resolved alerts of the app, newest first. Reporter and up.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,3}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The alerts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/AlertEvent"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/apps/{app}/skywalking/topology": {
      "get": {
        "operationId": "GetSkyWalkingTopology",
        "description": "Callers and callees of the app's SkyWalking service with call rate (per minute) and latency (ms) per edge. Reporter and up.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/range"
          }
        ],
        "responses": {
          "200": {
            "description": "The topology.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "service",
                    "nodes",
                    "calls"
                  ],
                  "properties": {
                    "service": {
                      "type": "string"
                    },
                    "nodes": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    },
                    "calls": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/apps/{app}/skywalking/traces": {
      "get": {
        "operationId": "ListSkyWalkingTraces",
        "description": "The app's traces, newest first, filtered by endpoint, duration (ms) and state. Reporter and up.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/range"
          },
          {
            "name": "endpoint",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "minDuration",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,7}$"
            }
          },
          {
            "name": "maxDuration",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,7}$"
            }
          },
          {
            "name": "state",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "ALL",
                "SUCCESS",
                "ERROR"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,3}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The traces.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "service",
                    "items"
                  ],
                  "properties": {
                    "service": {
                      "type": "string"
                    },
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/apps/{app}/skywalking/traces/{traceId}": {
      "get": {
        "operationId": "GetSkyWalkingTrace",
        "description": "Every span of one of the app's traces. Reporter and up.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "name": "traceId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "maxLength": 200
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The spans.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "traceId",
                    "service",
                    "spans"
                  ],
                  "properties": {
                    "traceId": {
                      "type": "string"
                    },
                    "service": {
                      "type": "string"
                    },
                    "spans": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/apps/{app}/skywalking/endpoints": {
      "get": {
        "operationId": "ListSkyWalkingEndpoints",
        "description": "The app service's endpoints with cpm, average and percentile response times and SLA. Reporter and up.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/range"
          }
        ],
        "responses": {
          "200": {
            "description": "The endpoints.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "service",
                    "items"
                  ],
                  "properties": {
                    "service": {
                      "type": "string"
                    },
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object"
                      }
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/alertmanager/webhook": {
      "post": {
        "operationId": "ReceiveAlertmanagerWebhook",
        "description": "Alertmanager's webhook receiver (payload version 4). Authenticated with the shared secret as a bearer token (Alertmanager's http_config.authorization), not with Backstage credentials.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "What the call did.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "notified",
                    "duplicates",
                    "ignored"
                  ],
                  "properties": {
                    "notified": {
                      "type": "number"
                    },
                    "duplicates": {
                      "type": "number"
                    },
                    "ignored": {
                      "type": "number"
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    }
  }
} as const;
