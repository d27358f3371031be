// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.
/* eslint-disable */

/** The cells plugin's OpenAPI document. */
export const spec = {
  "openapi": "3.0.3",
  "info": {
    "title": "cells",
    "version": "1",
    "description": "Cellport cells: regions and cells (Kubernetes clusters), apps deployed as a namespace in each of their cells, versions (one Deployment per version), health-gated releases, the app views (pods, events, logs across cells) and the app's members. Requests are validated against this document at the edge (shape and types); the semantic checks (DNS-1123 names, Kubernetes quantities, cells of one region, capacity) answer 400 with a message naming the field and what to fix. Errors use Backstage's error shape. Non-members of an app get 404 for everything of the app, members without the role 403.",
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
        "description": "The app's name (a DNS-1123 label, also its namespace in every cell).",
        "schema": {
          "type": "string",
          "maxLength": 253
        }
      },
      "version": {
        "name": "version",
        "in": "path",
        "required": true,
        "description": "The version's name (a DNS-1123 label).",
        "schema": {
          "type": "string",
          "maxLength": 253
        }
      },
      "cell": {
        "name": "cell",
        "in": "path",
        "required": true,
        "description": "The cell's name.",
        "schema": {
          "type": "string",
          "maxLength": 253
        }
      },
      "pod": {
        "name": "pod",
        "in": "path",
        "required": true,
        "description": "The pod's name (a DNS-1123 subdomain).",
        "schema": {
          "type": "string",
          "maxLength": 253
        }
      },
      "release": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The release's id.",
        "schema": {
          "type": "string",
          "maxLength": 100
        }
      },
      "member": {
        "name": "member",
        "in": "path",
        "required": true,
        "description": "A member's catalog entity reference (`user:default/bob`, `group:default/team`).",
        "schema": {
          "type": "string",
          "maxLength": 255
        }
      },
      "limit": {
        "name": "limit",
        "in": "query",
        "description": "At most this many (1 to 500; default 100).",
        "schema": {
          "type": "string"
        }
      },
      "cursor": {
        "name": "cursor",
        "in": "query",
        "description": "The nextCursor of the previous page.",
        "schema": {
          "type": "string"
        }
      },
      "ownerGroup": {
        "name": "ownerGroup",
        "in": "path",
        "required": true,
        "description": "An owner group's entity reference (`group:default/team-a`).",
        "schema": {
          "type": "string",
          "maxLength": 255
        }
      }
    },
    "responses": {
      "Error": {
        "description": "An error in Backstage's shape: 400 bad input (the message says what to fix), 401 not signed in, 403 not allowed, 404 not found or not visible, 409 conflict, 503 a cell did not answer (nothing was changed).",
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
          "request": {
            "type": "object",
            "properties": {
              "method": {
                "type": "string"
              },
              "url": {
                "type": "string"
              }
            }
          },
          "response": {
            "type": "object",
            "properties": {
              "statusCode": {
                "type": "integer"
              }
            }
          }
        },
        "required": [
          "error"
        ]
      },
      "CellResources": {
        "type": "object",
        "properties": {
          "cpuMillis": {
            "type": "number"
          },
          "memoryBytes": {
            "type": "number"
          },
          "pods": {
            "type": "number"
          }
        },
        "required": [
          "cpuMillis",
          "memoryBytes",
          "pods"
        ],
        "additionalProperties": false
      },
      "NodeSummary": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "ready": {
            "type": "boolean"
          },
          "schedulable": {
            "type": "boolean"
          },
          "allocatable": {
            "$ref": "#/components/schemas/CellResources"
          },
          "usage": {
            "$ref": "#/components/schemas/CellResources"
          }
        },
        "required": [
          "name",
          "ready",
          "schedulable",
          "allocatable",
          "usage"
        ],
        "additionalProperties": false
      },
      "CellStatus": {
        "type": "object",
        "properties": {
          "checked": {
            "type": "boolean"
          },
          "reachable": {
            "type": "boolean"
          },
          "checkedAt": {
            "type": "string"
          },
          "version": {
            "type": "string",
            "description": "The Kubernetes version (with cells.clusters.read)."
          },
          "error": {
            "type": "string",
            "description": "The raw error (with cells.clusters.read)."
          },
          "capacity": {
            "$ref": "#/components/schemas/CellResources"
          },
          "usage": {
            "$ref": "#/components/schemas/CellResources"
          },
          "nodes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/NodeSummary"
            }
          }
        },
        "required": [
          "checked",
          "reachable"
        ],
        "additionalProperties": false
      },
      "CellSummary": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "apiUrl": {
            "type": "string",
            "description": "The API server URL (with cells.clusters.read)."
          },
          "simulated": {
            "type": "boolean"
          },
          "status": {
            "$ref": "#/components/schemas/CellStatus"
          }
        },
        "required": [
          "name",
          "region",
          "simulated",
          "status"
        ],
        "additionalProperties": false
      },
      "RegionSummary": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "cells": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CellSummary"
            }
          }
        },
        "required": [
          "name",
          "cells"
        ],
        "additionalProperties": false
      },
      "AppCell": {
        "type": "object",
        "properties": {
          "cell": {
            "type": "string"
          },
          "stableVersion": {
            "type": "string"
          },
          "drifted": {
            "type": "boolean"
          }
        },
        "required": [
          "cell",
          "drifted"
        ],
        "additionalProperties": false
      },
      "App": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "componentRef": {
            "type": "string"
          },
          "production": {
            "type": "boolean"
          },
          "region": {
            "type": "string"
          },
          "cells": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AppCell"
            }
          },
          "imageRepository": {
            "type": "string"
          },
          "currentVersion": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          }
        },
        "required": [
          "name",
          "production",
          "region",
          "cells",
          "createdBy",
          "createdAt"
        ],
        "additionalProperties": false
      },
      "CreateAppRequest": {
        "type": "object",
        "description": "`name` is a DNS-1123 label of at most 30 characters; `cells` (at least one, of one region; at least two for a production app) are names of configured cells.",
        "properties": {
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "componentRef": {
            "type": "string",
            "description": "A catalog Component the caller can see."
          },
          "production": {
            "type": "boolean",
            "description": "Default false."
          },
          "cells": {
            "description": "The cells (a list of cell names). Its type is checked with the app's other rules, so a wrong one answers \"cells must be a list of cell names\".",
            "items": {
              "type": "string"
            }
          },
          "imageRepository": {
            "type": "string",
            "description": "A registry repository (`group/name`) the caller may pull."
          }
        },
        "required": [
          "name",
          "cells"
        ]
      },
      "AddAppCellRequest": {
        "type": "object",
        "description": "`cell` is a configured cell of the app's region; `version` one of the app's versions to run there, with `replicas` (0 to 500, default 1; left out for an autoscaled version).",
        "properties": {
          "cell": {
            "type": "string"
          },
          "version": {
            "type": "string"
          },
          "replicas": {
            "type": "number"
          }
        },
        "required": [
          "cell"
        ],
        "additionalProperties": false
      },
      "UpdateAppRequest": {
        "type": "object",
        "properties": {
          "description": {
            "type": "string"
          },
          "componentRef": {
            "type": "string",
            "nullable": true
          },
          "imageRepository": {
            "type": "string",
            "nullable": true
          }
        },
        "additionalProperties": false
      },
      "VersionSpec": {
        "type": "object",
        "description": "What a version runs. Replicas are per cell (0 to 500); cpu and memory are Kubernetes quantities (`250m`, `128Mi`); left-out fields take their defaults.",
        "properties": {
          "image": {
            "type": "string"
          },
          "replicas": {
            "type": "object",
            "additionalProperties": {
              "type": "number"
            }
          },
          "port": {
            "type": "integer",
            "description": "The container port; default 8080."
          },
          "resources": {
            "type": "object",
            "properties": {
              "requests": {
                "type": "object",
                "properties": {
                  "cpu": {
                    "type": "string"
                  },
                  "memory": {
                    "type": "string"
                  }
                },
                "required": [
                  "cpu",
                  "memory"
                ]
              },
              "limits": {
                "type": "object",
                "properties": {
                  "cpu": {
                    "type": "string"
                  },
                  "memory": {
                    "type": "string"
                  }
                },
                "required": [
                  "cpu",
                  "memory"
                ]
              }
            },
            "required": [
              "requests",
              "limits"
            ]
          },
          "env": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "name": {
                  "type": "string"
                },
                "value": {
                  "type": "string"
                }
              },
              "required": [
                "name",
                "value"
              ]
            }
          },
          "healthCheck": {
            "type": "object",
            "properties": {
              "path": {
                "type": "string"
              },
              "port": {
                "type": "integer"
              },
              "initialDelaySeconds": {
                "type": "integer"
              },
              "periodSeconds": {
                "type": "integer"
              },
              "timeoutSeconds": {
                "type": "integer"
              },
              "failureThreshold": {
                "type": "integer"
              },
              "liveness": {
                "type": "boolean"
              }
            },
            "required": [
              "path"
            ]
          },
          "autoscaling": {
            "type": "object",
            "properties": {
              "minReplicas": {
                "type": "integer"
              },
              "maxReplicas": {
                "type": "integer"
              },
              "targetCPUUtilizationPercentage": {
                "type": "integer"
              }
            },
            "required": [
              "minReplicas",
              "maxReplicas",
              "targetCPUUtilizationPercentage"
            ]
          }
        },
        "required": [
          "image",
          "replicas"
        ]
      },
      "AppVersion": {
        "type": "object",
        "properties": {
          "app": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "spec": {
            "$ref": "#/components/schemas/VersionSpec"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          }
        },
        "required": [
          "app",
          "name",
          "spec",
          "createdBy",
          "createdAt"
        ],
        "additionalProperties": false
      },
      "CreateVersionRequest": {
        "type": "object",
        "description": "`name` is a DNS-1123 label of at most 20 characters.",
        "properties": {
          "name": {
            "type": "string"
          },
          "spec": {
            "$ref": "#/components/schemas/VersionSpec"
          }
        },
        "required": [
          "name",
          "spec"
        ]
      },
      "ScaleRequest": {
        "type": "object",
        "properties": {
          "cell": {
            "type": "string"
          },
          "replicas": {
            "type": "number",
            "description": "A whole number from 0 to 500."
          }
        },
        "required": [
          "cell",
          "replicas"
        ]
      },
      "CellVersionStatus": {
        "type": "object",
        "properties": {
          "version": {
            "type": "string"
          },
          "image": {
            "type": "string"
          },
          "desired": {
            "type": "integer"
          },
          "ready": {
            "type": "integer"
          },
          "updated": {
            "type": "integer"
          },
          "available": {
            "type": "integer"
          },
          "autoscaling": {
            "type": "object",
            "properties": {
              "min": {
                "type": "integer"
              },
              "max": {
                "type": "integer"
              },
              "current": {
                "type": "integer"
              }
            },
            "required": [
              "min",
              "max"
            ]
          }
        },
        "required": [
          "version",
          "image",
          "desired",
          "ready",
          "updated",
          "available"
        ],
        "additionalProperties": false
      },
      "PodSummary": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "cell": {
            "type": "string"
          },
          "version": {
            "type": "string"
          },
          "ip": {
            "type": "string"
          },
          "node": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "ready": {
            "type": "boolean"
          },
          "restarts": {
            "type": "integer"
          },
          "createdAt": {
            "type": "string"
          },
          "containers": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        },
        "required": [
          "name",
          "cell",
          "status",
          "ready",
          "restarts",
          "containers"
        ],
        "additionalProperties": false
      },
      "CellAppView": {
        "type": "object",
        "properties": {
          "cell": {
            "type": "string"
          },
          "reachable": {
            "type": "boolean"
          },
          "error": {
            "type": "string"
          },
          "stableVersion": {
            "type": "string"
          },
          "drifted": {
            "type": "boolean"
          },
          "versions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CellVersionStatus"
            }
          },
          "pods": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PodSummary"
            }
          },
          "staleSince": {
            "type": "string",
            "description": "Set when the portal lost its watch of the cell; versions and pods are what the cell had then (ISO 8601)."
          },
          "staleReason": {
            "type": "string",
            "description": "Why the view is stale, naming the cell."
          }
        },
        "required": [
          "cell",
          "reachable",
          "drifted",
          "versions",
          "pods"
        ],
        "additionalProperties": false
      },
      "AppOverview": {
        "type": "object",
        "properties": {
          "app": {
            "type": "string"
          },
          "cells": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CellAppView"
            }
          }
        },
        "required": [
          "app",
          "cells"
        ],
        "additionalProperties": false
      },
      "AppEvent": {
        "type": "object",
        "properties": {
          "cell": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "message": {
            "type": "string"
          },
          "object": {
            "type": "string"
          },
          "count": {
            "type": "integer"
          },
          "at": {
            "type": "string"
          },
          "resourceVersion": {
            "type": "string"
          }
        },
        "required": [
          "cell",
          "type",
          "reason",
          "message",
          "object",
          "count",
          "at"
        ],
        "additionalProperties": false
      },
      "CellError": {
        "type": "object",
        "properties": {
          "cell": {
            "type": "string"
          },
          "error": {
            "type": "string"
          }
        },
        "required": [
          "cell",
          "error"
        ],
        "additionalProperties": false
      },
      "AppEventsResponse": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AppEvent"
            }
          },
          "errors": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CellError"
            }
          }
        },
        "required": [
          "items",
          "errors"
        ],
        "additionalProperties": false
      },
      "AppPermissions": {
        "type": "object",
        "properties": {
          "deploy": {
            "type": "boolean"
          },
          "scale": {
            "type": "boolean"
          },
          "release": {
            "type": "boolean"
          },
          "update": {
            "type": "boolean"
          },
          "delete": {
            "type": "boolean"
          },
          "membersManage": {
            "type": "boolean"
          },
          "logs": {
            "type": "boolean"
          },
          "events": {
            "type": "boolean"
          }
        },
        "required": [
          "deploy",
          "scale",
          "release",
          "update",
          "delete",
          "membersManage",
          "logs",
          "events"
        ],
        "additionalProperties": false
      },
      "ReleaseStepPlan": {
        "type": "object",
        "description": "One step: `cells` (the cells it touches; the others are left as they are), `canary` (`{replicas}` or `{percent}`), `trafficPercent`, `readyDeadlineSeconds`, `noRestarts`, `metrics` (metric gates), `bakeSeconds` and `approval` (`auto` or `manual`). See releaseStepPlanSchema in @cellport/plugin-cells-common: the release service checks these fields after the caller's access, with messages naming the field (`steps.0.canary.replicas: ...`), so this document leaves their types to it.",
        "properties": {
          "cells": {
            "description": "The cells of the step (cell names)."
          },
          "canary": {
            "description": "`{\"replicas\": n}` or `{\"percent\": p}`."
          },
          "trafficPercent": {
            "description": "The share of traffic the canary gets, 0 to 100."
          },
          "readyDeadlineSeconds": {
            "description": "How long new pods may take to be ready (default 300)."
          },
          "noRestarts": {
            "description": "Fail the step when a new pod restarts (default true)."
          },
          "metrics": {
            "description": "Metric gates: name, source, query, op, threshold, ..."
          },
          "bakeSeconds": {
            "description": "How long the step must stay healthy (default 0)."
          },
          "approval": {
            "description": "`auto` (default) or `manual`."
          }
        }
      },
      "StartReleaseRequest": {
        "type": "object",
        "description": "A release plan: the version to release, its steps (1 to 20) and what a failed gate does (`onFailure`: `rollback`, the default, or `pause`). Checked by the release service (see startReleaseRequestSchema in @cellport/plugin-cells-common).",
        "properties": {
          "version": {
            "description": "The version to release (a DNS-1123 label)."
          },
          "steps": {
            "description": "The steps, in order (a list).",
            "items": {
              "$ref": "#/components/schemas/ReleaseStepPlan"
            }
          },
          "onFailure": {
            "description": "`rollback` (default) or `pause`."
          }
        },
        "required": [
          "version",
          "steps"
        ]
      },
      "ReleaseActionRequest": {
        "type": "object",
        "description": "`action` is one of promote, pause, resume, abort, retry and skip-cell; `cell` names the cell to skip (skip-cell only). Checked by the release service.",
        "properties": {
          "action": {
            "description": "The action."
          },
          "cell": {
            "description": "The cell to skip (`skip-cell` only)."
          }
        },
        "required": [
          "action"
        ]
      },
      "Release": {
        "type": "object",
        "description": "A release and its steps with their gates (see Release in @cellport/plugin-cells-common).",
        "properties": {
          "id": {
            "type": "string"
          },
          "app": {
            "type": "string"
          },
          "version": {
            "type": "string"
          },
          "fromVersions": {
            "type": "object",
            "additionalProperties": {
              "type": "string",
              "nullable": true
            }
          },
          "state": {
            "type": "string",
            "enum": [
              "running",
              "paused",
              "waiting-approval",
              "rolling-back",
              "succeeded",
              "rolled-back",
              "failed"
            ]
          },
          "onFailure": {
            "type": "string",
            "enum": [
              "rollback",
              "pause"
            ]
          },
          "currentStep": {
            "type": "integer"
          },
          "steps": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": true
            }
          },
          "skippedCells": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "reason": {
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
          },
          "finishedAt": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "app",
          "version",
          "fromVersions",
          "state",
          "onFailure",
          "currentStep",
          "steps",
          "skippedCells",
          "createdBy",
          "createdAt",
          "updatedAt"
        ]
      },
      "ReleaseEvent": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer"
          },
          "releaseId": {
            "type": "string"
          },
          "at": {
            "type": "string"
          },
          "step": {
            "type": "integer"
          },
          "cell": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "message": {
            "type": "string"
          },
          "actor": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "releaseId",
          "at",
          "type",
          "message"
        ],
        "additionalProperties": false
      },
      "Member": {
        "type": "object",
        "description": "A direct member and its role (see Member in @cellport/plugin-access-common).",
        "properties": {
          "resourceRef": {
            "type": "string"
          },
          "member": {
            "type": "string"
          },
          "role": {
            "type": "string",
            "enum": [
              "owner",
              "master",
              "developer",
              "reporter",
              "guest"
            ]
          }
        },
        "required": [
          "member",
          "role"
        ],
        "additionalProperties": true
      },
      "MemberList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Member"
            }
          },
          "nextCursor": {
            "$ref": "#/components/schemas/NextCursor"
          }
        },
        "required": [
          "items"
        ]
      },
      "NextCursor": {
        "type": "string",
        "description": "Present when there is a next page; pass it as `cursor` to get it."
      },
      "AdminResources": {
        "type": "object",
        "properties": {
          "cpuMillis": {
            "type": "integer"
          },
          "memoryBytes": {
            "type": "integer"
          },
          "pods": {
            "type": "integer"
          }
        },
        "required": [
          "cpuMillis",
          "memoryBytes",
          "pods"
        ]
      },
      "AdminQuotaLimits": {
        "type": "object",
        "description": "Limits of a quota (non-negative whole numbers); an omitted limit is unlimited.",
        "properties": {
          "apps": {
            "type": "integer",
            "minimum": 0
          },
          "cpuMillis": {
            "type": "integer",
            "minimum": 0
          },
          "memoryBytes": {
            "type": "integer",
            "minimum": 0
          }
        },
        "additionalProperties": false
      },
      "AdminQuota": {
        "type": "object",
        "properties": {
          "ownerGroup": {
            "type": "string"
          },
          "limits": {
            "$ref": "#/components/schemas/AdminQuotaLimits"
          },
          "usage": {
            "type": "object",
            "properties": {
              "apps": {
                "type": "integer"
              },
              "cpuMillis": {
                "type": "integer"
              },
              "memoryBytes": {
                "type": "integer"
              }
            },
            "required": [
              "apps",
              "cpuMillis",
              "memoryBytes"
            ]
          },
          "updatedBy": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "ownerGroup",
          "limits",
          "usage"
        ]
      },
      "ItemsOfStrings": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        },
        "required": [
          "items"
        ]
      }
    }
  },
  "paths": {
    "/regions": {
      "get": {
        "operationId": "ListRegions",
        "summary": "List regions",
        "description": "Every region with its cells and their status; API URLs, versions and raw errors only with `cells.clusters.read`.",
        "responses": {
          "200": {
            "description": "The regions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/RegionSummary"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/cells/{cell}": {
      "get": {
        "operationId": "GetCell",
        "summary": "Get cell",
        "description": "One cell with its status.",
        "parameters": [
          {
            "$ref": "#/components/parameters/cell"
          }
        ],
        "responses": {
          "200": {
            "description": "The cell.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CellSummary"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/gate-sources": {
      "get": {
        "operationId": "ListGateSources",
        "summary": "List gate sources",
        "description": "The metric gate sources release plans may use (e.g. `prometheus`).",
        "responses": {
          "200": {
            "description": "The source names.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ItemsOfStrings"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/traffic-shares": {
      "get": {
        "operationId": "ListTrafficShares",
        "summary": "List traffic shares",
        "description": "The share of traffic each live release gives its new version (from its current step's `trafficPercent`, 0 while it rolls back), for load balancers. Service principals only.",
        "responses": {
          "200": {
            "description": "The shares of every app whose live release sets one.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "app": {
                            "type": "string"
                          },
                          "releaseId": {
                            "type": "string"
                          },
                          "version": {
                            "type": "string"
                          },
                          "percent": {
                            "type": "number"
                          }
                        },
                        "required": [
                          "app",
                          "releaseId",
                          "version",
                          "percent"
                        ]
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/scaling/cells": {
      "get": {
        "operationId": "ScalingListCells",
        "summary": "Scaling: list cells",
        "description": "Every cell (of one region with `region`) and whether it answers, for other backend plugins (the slb plugin's cell evacuation). Service principals only.",
        "parameters": [
          {
            "name": "region",
            "in": "query",
            "description": "Only the cells of this region (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The cells.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "cell": {
                            "type": "string"
                          },
                          "region": {
                            "type": "string"
                          },
                          "reachable": {
                            "type": "boolean"
                          }
                        },
                        "required": [
                          "cell",
                          "region",
                          "reachable"
                        ]
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/scaling/apps/{app}": {
      "get": {
        "operationId": "ScalingGetPlacement",
        "summary": "Scaling: get placement",
        "description": "Where an app runs: per cell its stable version, replicas of its spec, desired and ready replicas, reachability and the extra replicas the cell's nodes could take. Service principals only.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          }
        ],
        "responses": {
          "200": {
            "description": "The app's placement.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "app": {
                      "type": "string"
                    },
                    "region": {
                      "type": "string"
                    },
                    "cells": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "cell": {
                            "type": "string"
                          },
                          "region": {
                            "type": "string"
                          },
                          "stableVersion": {
                            "type": "string"
                          },
                          "specReplicas": {
                            "type": "integer"
                          },
                          "desired": {
                            "type": "integer"
                          },
                          "ready": {
                            "type": "integer"
                          },
                          "reachable": {
                            "type": "boolean"
                          },
                          "extraCapacity": {
                            "type": "integer"
                          },
                          "autoscaling": {
                            "type": "object",
                            "properties": {
                              "min": {
                                "type": "integer"
                              },
                              "max": {
                                "type": "integer"
                              }
                            }
                          },
                          "error": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "cell",
                          "region",
                          "specReplicas",
                          "reachable"
                        ]
                      }
                    }
                  },
                  "required": [
                    "app",
                    "region",
                    "cells"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/scaling/apps/{app}/cells/{cell}": {
      "put": {
        "operationId": "ScalingScale",
        "summary": "Scaling: scale",
        "description": "Sets a version's replicas in one cell on behalf of another plugin (e.g. evacuating a cell), with the reason logged. Service principals only; users scale through `/apps/{app}/versions/{version}/scale` with their roles.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/cell"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "description": "`version` (a DNS-1123 label), `replicas` (0 to 1000) and `reason` (1 to 500 characters).",
                "properties": {
                  "version": {
                    "type": "string"
                  },
                  "replicas": {
                    "type": "number"
                  },
                  "reason": {
                    "type": "string"
                  }
                },
                "required": [
                  "version",
                  "replicas",
                  "reason"
                ]
              }
            }
          }
        },
        "responses": {
          "204": {
            "description": "Scaled."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps": {
      "get": {
        "operationId": "ListApps",
        "summary": "List apps",
        "description": "The apps the caller may see, ordered by name, one page at a time.",
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "description": "Only apps whose name contains this (at most 63 characters).",
            "schema": {
              "type": "string"
            }
          },
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of apps.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/App"
                      }
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateApp",
        "summary": "Create app",
        "description": "Creates an app in its cells (namespace, Service, pull secret); the caller becomes its Owner.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateAppRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The app.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/App"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}": {
      "get": {
        "operationId": "GetApp",
        "summary": "Get app",
        "description": "One app.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          }
        ],
        "responses": {
          "200": {
            "description": "The app.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/App"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "patch": {
        "operationId": "UpdateApp",
        "summary": "Update app",
        "description": "Changes description, component and image repository (Master).",
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
                "$ref": "#/components/schemas/UpdateAppRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The app.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/App"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "DeleteApp",
        "summary": "Delete app",
        "description": "Removes the app from every cell, then forgets it (Owner).",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/cells": {
      "post": {
        "operationId": "AddAppCell",
        "summary": "Add cell to app",
        "description": "Adds a cell of the app's region to the app (namespace, Service, pull secret, as app creation makes them) and optionally runs one of its versions there as the cell's first version (Master). 409 when the app runs there already.",
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
                "$ref": "#/components/schemas/AddAppCellRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The app with its new cell.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/App"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/permissions": {
      "get": {
        "operationId": "GetAppPermissions",
        "summary": "Get app permissions",
        "description": "What the caller may do on the app.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          }
        ],
        "responses": {
          "200": {
            "description": "The caller's permissions.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AppPermissions"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/versions": {
      "get": {
        "operationId": "ListVersions",
        "summary": "List versions",
        "description": "The app's versions, newest first, one page at a time.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of versions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/AppVersion"
                      }
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateVersion",
        "summary": "Create version",
        "description": "Creates a version (Master). Cells serving no version yet get it right away (the first deploy); the others are left to a release.",
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
                "$ref": "#/components/schemas/CreateVersionRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The version.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AppVersion"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/versions/{version}": {
      "delete": {
        "operationId": "DeleteVersion",
        "summary": "Delete version",
        "description": "Removes a version from every cell (Master); 409 while a cell serves it as its stable version.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/version"
          }
        ],
        "responses": {
          "204": {
            "description": "Removed."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/versions/{version}/scale": {
      "post": {
        "operationId": "ScaleVersion",
        "summary": "Scale version",
        "description": "Sets a version's replicas in one cell (Master); leaving pods go out of traffic first.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/version"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ScaleRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The version's status in the cell.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CellVersionStatus"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/overview": {
      "get": {
        "operationId": "GetOverview",
        "summary": "Get overview",
        "description": "Versions and pods per cell, with per-cell errors. Served from a snapshot of the cells' watch\ncaches: the same state answers the same strong ETag, so a poller sending it back in\nIf-None-Match gets a 304 without a body until something changes.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "name": "If-None-Match",
            "in": "header",
            "required": false,
            "description": "The ETag of the overview the client holds (a list of tags, weak ones too, or *).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The overview.",
            "headers": {
              "ETag": {
                "description": "A strong tag of this state of the overview.",
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "description": "private, no-cache (a browser keeps it but asks again each time).",
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AppOverview"
                }
              }
            }
          },
          "304": {
            "description": "The overview has not changed since the ETag sent in If-None-Match.",
            "headers": {
              "ETag": {
                "description": "The same tag.",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/events": {
      "get": {
        "operationId": "GetEvents",
        "summary": "Get events",
        "description": "Kubernetes events of every cell, newest first, with per-cell errors.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          }
        ],
        "responses": {
          "200": {
            "description": "The events.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AppEventsResponse"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/cells/{cell}/pods/{pod}/log": {
      "get": {
        "operationId": "GetPodLog",
        "summary": "Get pod log",
        "description": "A pod's log as text (Reporter); followed while `follow=true`.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/cell"
          },
          {
            "$ref": "#/components/parameters/pod"
          },
          {
            "name": "container",
            "in": "query",
            "description": "The container; the pod's first one when left out.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "previous",
            "in": "query",
            "description": "The previous (crashed) container's log.",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            }
          },
          {
            "name": "follow",
            "in": "query",
            "description": "Keep the answer open and stream new lines.",
            "schema": {
              "type": "string",
              "enum": [
                "true",
                "false"
              ]
            }
          },
          {
            "name": "tailLines",
            "in": "query",
            "description": "Only the last lines (a whole number from 1 to 100000).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The log.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/releases": {
      "get": {
        "operationId": "ListReleases",
        "summary": "List releases",
        "description": "The app's releases, newest first, one page at a time.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "name": "limit",
            "in": "query",
            "description": "At most this many (1 to 200; default 50).",
            "schema": {
              "type": "string"
            }
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of releases.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Release"
                      }
                    },
                    "nextCursor": {
                      "$ref": "#/components/schemas/NextCursor"
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "StartRelease",
        "summary": "Start release",
        "description": "Starts a release of a version (release.manage).",
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
                "$ref": "#/components/schemas/StartReleaseRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The release.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Release"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/releases/{id}": {
      "get": {
        "operationId": "GetRelease",
        "summary": "Get release",
        "description": "One release with its steps.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/release"
          }
        ],
        "responses": {
          "200": {
            "description": "The release.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Release"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/releases/{id}/events": {
      "get": {
        "operationId": "ListReleaseEvents",
        "summary": "List release events",
        "description": "The release's timeline, oldest first.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/release"
          },
          {
            "name": "after",
            "in": "query",
            "description": "Only events after this event id.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The events.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ReleaseEvent"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/releases/{id}/actions": {
      "post": {
        "operationId": "ReleaseAction",
        "summary": "Release action",
        "description": "Promote, pause, resume, abort, retry or skip a cell (release.manage).",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/release"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReleaseActionRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The release after the action.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Release"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/cells/{cell}/sync": {
      "post": {
        "operationId": "SyncCell",
        "summary": "Sync cell",
        "description": "Starts a one-cell release bringing a drifted cell to the app's current version.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/cell"
          }
        ],
        "responses": {
          "201": {
            "description": "The release.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Release"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/members": {
      "get": {
        "operationId": "ListMembers",
        "summary": "List members",
        "description": "The app's direct members with their roles, ordered by member reference, one page at a time.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "The members.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "AddMember",
        "summary": "Add member",
        "description": "Adds a member (Master); the body is checked after visibility, so a non-member gets 404.",
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
                "type": "object",
                "properties": {
                  "member": {
                    "type": "string"
                  },
                  "role": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The member.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Member"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/members/{member}": {
      "put": {
        "operationId": "UpdateMember",
        "summary": "Update member",
        "description": "Changes a member's role (Master).",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/member"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "role": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The member.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Member"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "RemoveMember",
        "summary": "Remove member",
        "description": "Removes a member (Master).",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "$ref": "#/components/parameters/member"
          }
        ],
        "responses": {
          "204": {
            "description": "Removed."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/transfer": {
      "post": {
        "operationId": "TransferOwnership",
        "summary": "Transfer ownership",
        "description": "Makes another user or group the app's Owner (Owner).",
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
                "type": "object",
                "properties": {
                  "newOwner": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The members after the transfer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/visibility": {
      "put": {
        "operationId": "SetVisibility",
        "summary": "Set visibility",
        "description": "Makes the app private or public (Owner).",
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
                "type": "object",
                "properties": {
                  "visibility": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The visibility set.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "visibility": {
                      "type": "string",
                      "enum": [
                        "private",
                        "public"
                      ]
                    }
                  },
                  "required": [
                    "visibility"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/apps/{app}/activity": {
      "get": {
        "operationId": "ListActivity",
        "summary": "List activity",
        "description": "The app's member and visibility changes, newest first.",
        "parameters": [
          {
            "$ref": "#/components/parameters/app"
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "before",
            "in": "query",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The activity.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": true
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": true
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/operations": {
      "get": {
        "operationId": "AdminOperations",
        "summary": "Admin: operations per day",
        "description": "Platform admins only (everyone else gets the 404 of an unknown route). Version deploys, release starts, rollbacks (releases ended rolled back) and scalings per UTC day over the last `days` days, oldest first, every day present; the latest failed releases, newest first (at most 20). Counted from the plugin's durable records.",
        "parameters": [
          {
            "name": "days",
            "in": "query",
            "description": "Days to cover, today included (1 to 90, default 30).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The counts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "days": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "date": {
                            "type": "string",
                            "description": "YYYY-MM-DD (UTC)"
                          },
                          "deploys": {
                            "type": "integer"
                          },
                          "releases": {
                            "type": "integer"
                          },
                          "rollbacks": {
                            "type": "integer"
                          },
                          "scalings": {
                            "type": "integer"
                          }
                        },
                        "required": [
                          "date",
                          "deploys",
                          "releases",
                          "rollbacks",
                          "scalings"
                        ]
                      }
                    },
                    "failedReleases": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "app": {
                            "type": "string"
                          },
                          "releaseId": {
                            "type": "string"
                          },
                          "version": {
                            "type": "string"
                          },
                          "failedAt": {
                            "type": "string",
                            "format": "date-time"
                          },
                          "reason": {
                            "type": "string"
                          },
                          "startedBy": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "app",
                          "releaseId",
                          "version",
                          "failedAt",
                          "reason",
                          "startedBy"
                        ]
                      }
                    }
                  },
                  "required": [
                    "days",
                    "failedReleases"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/capacity": {
      "get": {
        "operationId": "AdminCapacity",
        "summary": "Admin: cell capacity",
        "description": "Platform admins only. Per region and cell, read from the cell's Kubernetes API: the sum of the Ready nodes' `status.allocatable` and of the non-terminated pods' requests. A cell that does not answer is listed with `reachable: false` and the reason.",
        "responses": {
          "200": {
            "description": "The capacity of every cell.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "regions": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "region": {
                            "type": "string"
                          },
                          "cells": {
                            "type": "array",
                            "items": {
                              "type": "object",
                              "properties": {
                                "cell": {
                                  "type": "string"
                                },
                                "reachable": {
                                  "type": "boolean"
                                },
                                "error": {
                                  "type": "string"
                                },
                                "allocatable": {
                                  "$ref": "#/components/schemas/AdminResources"
                                },
                                "requested": {
                                  "$ref": "#/components/schemas/AdminResources"
                                }
                              },
                              "required": [
                                "cell",
                                "reachable",
                                "allocatable",
                                "requested"
                              ]
                            }
                          }
                        },
                        "required": [
                          "region",
                          "cells"
                        ]
                      }
                    }
                  },
                  "required": [
                    "regions"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/quotas": {
      "get": {
        "operationId": "AdminListQuotas",
        "summary": "Admin: list quotas",
        "description": "Platform admins only. Every owner group with a quota or with apps, with its limits (`{}`: no quota) and usage: its apps, and the CPU and memory its apps' deployed versions request (requests × replicas over every cell).",
        "responses": {
          "200": {
            "description": "The quotas.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "quotas": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/AdminQuota"
                      }
                    }
                  },
                  "required": [
                    "quotas"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/quotas/{ownerGroup}": {
      "put": {
        "operationId": "AdminSetQuota",
        "summary": "Admin: set quota",
        "description": "Platform admins only. Sets (replaces) an owner group's quota; an omitted limit is unlimited. Enforced when an app is created, a version deployed or scaled and a release started (409 naming the quota, its limit and the use).",
        "parameters": [
          {
            "$ref": "#/components/parameters/ownerGroup"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AdminQuotaLimits"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The quota with its usage.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AdminQuota"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "AdminDeleteQuota",
        "summary": "Admin: delete quota",
        "description": "Platform admins only. Removes an owner group's quota (404 when it has none).",
        "parameters": [
          {
            "$ref": "#/components/parameters/ownerGroup"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    }
  }
} as const;
